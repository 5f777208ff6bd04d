import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { stringify } from 'yaml';
import { hashPassword } from '../../apps/bridge/src/mqtt/auth/password-hash';

export interface TestUser {
  role: 'reader' | 'operator' | 'admin';
  password: string;
  boards?: string[];
  commands?: string[];
}

/** MQTT_USERS_FILE content with scrypt hashes, at the lowest allowed cost so the tests stay fast. */
export async function usersYaml(users: Record<string, TestUser>): Promise<string> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, { password, ...rest }] of Object.entries(users)) {
    out[name] = { ...rest, passwordHash: await hashPassword(password, { ln: 10, r: 8, p: 1 }) };
  }
  return stringify({ users: out });
}

/** An MQTT 3.1.1 client that does not retry, so a refused CONNACK rejects at once. */
export function connectAs(url: string, username?: string, password?: string, extra: IClientOptions = {}):
  Promise<MqttClient> {
  return mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000,
    ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), ...extra });
}

/** The CONNACK return code a refused connect rejected with (4: bad user name or password, 5: not authorized). */
export async function refusalCode(connecting: Promise<MqttClient>): Promise<number | undefined> {
  try {
    const client = await connecting;
    await client.endAsync(true);
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

/** The QoS each filter was granted (128: refused). */
export async function granted(client: MqttClient, filters: string[]): Promise<number[]> {
  // MQTT.js rejects the whole call when one filter is refused; the SUBACK still lists every filter in order
  const codes = await client.subscribeAsync(filters, { qos: 1 }).then((result) => result.map((g) => g.qos),
    (err: { packet?: { granted?: (number | { qos: number })[] } }) => {
      if (!err.packet?.granted) throw err;
      return err.packet.granted.map((g) => (typeof g === 'number' ? g : g.qos));
    });
  return codes;
}
