import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalText = z.preprocess(emptyAsUndefined, z.string().optional());
/** 0 picks a free port (tests); unset: the listener is off. */
const optionalPort = z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional());

/**
 * MQTT users and TLS (issue 6, docs/security-mqtt.md), spread into the env schema. Settings that are only
 * wrong together (users with anonymous access, a TLS port without its files) are checked in mqtt-users.ts.
 */
export const mqttSecurityEnv = {
  /** The embedded broker's users, roles and scrypt password hashes (YAML, or JSON by extension). */
  MQTT_USERS_FILE: optionalText,
  /**
   * Embedded broker without users: accept clients without credentials, as MQTT_ANONYMOUS_ROLE. The default,
   * `loopback`, lets only clients on this host in (so `npm start` + `mosquitto_sub -h localhost` works with no
   * settings) and refuses every remote one until MQTT_USERS_FILE or `true` says otherwise.
   */
  MQTT_ALLOW_ANONYMOUS: z.enum(['true', 'false', '1', '0', 'yes', 'no', 'loopback']).default('loopback')
    .transform((v): boolean | 'loopback' => (v === 'loopback' ? v : v === 'true' || v === '1' || v === 'yes')),
  MQTT_ANONYMOUS_ROLE: z.enum(['reader', 'operator', 'admin']).default('admin'),
  /** MQTT over TLS on the embedded broker, with a PEM private key and certificate (chain). */
  MQTT_TLS_PORT: optionalPort,
  MQTT_TLS_KEY_FILE: optionalText,
  MQTT_TLS_CERT_FILE: optionalText,
  /** HTTPS beside plain HTTP, on HTTP_HOST, TLS 1.2 only as the board requires (board-protocol §1.3). */
  HTTPS_PORT: optionalPort,
  HTTPS_KEY_FILE: optionalText,
  HTTPS_CERT_FILE: optionalText,
};
