import type { Logger } from 'pino';
import type { BridgeConfig } from '../../config';
import type { MqttUsersFile } from '../../config/mqtt-users';
import { RateLimitedLog } from '../../logging/rate-limited-log';
import type { BridgeMetrics } from '../../metrics/bridge-metrics';
import { BrokerAuth, type MqttDenial } from './broker-auth';
import { CredentialCheck, type MqttUser } from './credential-check';
import { type PasswordHash, parsePasswordHash } from './password-hash';
import { type MqttPrincipal, TopicAcl } from './topic-acl';

/** The name anonymous clients go by in logs. */
export const ANONYMOUS_NAME = '(anonymous)';

/**
 * The embedded broker's access control from the config (docs/security-mqtt.md): MQTT_USERS_FILE users, or
 * anonymous clients when MQTT_ALLOW_ANONYMOUS is on and there are none. Refusals are counted in
 * `bridge_mqtt_denied_total{action,reason}` and logged at most once a minute per source or user.
 */
export function createBrokerAuth(config: BridgeConfig, metrics: BridgeMetrics, log: Logger): BrokerAuth {
  const users = config.mqttUsers ? new CredentialCheck(usersOf(config.mqttUsers)) : undefined;
  const anonymous: MqttPrincipal | undefined = !users && config.MQTT_ALLOW_ANONYMOUS !== false
    ? { name: ANONYMOUS_NAME, role: config.MQTT_ANONYMOUS_ROLE } : undefined;
  const loopbackOnly = config.MQTT_ALLOW_ANONYMOUS === 'loopback';
  const userCount = config.mqttUsers ? Object.keys(config.mqttUsers.users).length : 0;
  if (users) log.info({ users: userCount }, 'embedded MQTT broker: clients authenticate (MQTT_USERS_FILE)');
  else if (anonymous && loopbackOnly) {
    log.info({ role: anonymous.role }, 'embedded MQTT broker: anonymous clients from this host only '
      + '(set MQTT_USERS_FILE, or MQTT_ALLOW_ANONYMOUS=true on a trusted network, for remote clients)');
  } else if (anonymous) log.warn({ role: anonymous.role }, 'embedded MQTT broker: anonymous clients allowed (MQTT_ALLOW_ANONYMOUS)');
  else log.warn('embedded MQTT broker: no MQTT_USERS_FILE and MQTT_ALLOW_ANONYMOUS is off, so no MQTT client can connect');
  const limited = new RateLimitedLog(log);
  const onDenied = (d: MqttDenial): void => {
    metrics.mqttDenied.inc({ action: d.action, reason: d.reason });
    // connects are keyed by source (the user name is the client's say-so), the rest by user
    const key = `mqtt-denied:${d.action}:${d.reason}:${d.action === 'connect' ? d.address : d.user}`;
    limited.warn(key, { action: d.action, reason: d.reason, user: clip(d.user), clientId: clip(d.clientId),
      address: d.address, topic: clip(d.topic) }, `MQTT ${d.action} refused`);
  };
  return new BrokerAuth({ acl: new TopicAcl(config.MQTT_BASE_TOPIC), users, anonymous, anonymousLoopbackOnly: loopbackOnly,
    onDenied });
}

function usersOf(file: MqttUsersFile): Map<string, MqttUser> {
  return new Map(Object.entries(file.users).map(([name, u]) => [name, {
    // validated by the config schema (config/mqtt-users.ts)
    hash: parsePasswordHash(u.passwordHash) as PasswordHash,
    principal: { name, role: u.role,
      ...(u.boards ? { boards: new Set(u.boards) } : {}),
      ...(u.commands ? { commands: new Set(u.commands) } : {}) },
  }]));
}

/** Client-chosen strings stay short in the log. */
function clip(text: string | undefined, max = 128): string | undefined {
  return text !== undefined && text.length > max ? `${text.slice(0, max)}…` : text;
}
