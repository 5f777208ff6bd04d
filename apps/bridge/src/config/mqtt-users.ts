import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parsePasswordHash } from '../mqtt/auth/password-hash';
import { MQTT_ROLES, type MqttRole } from '../mqtt/auth/topic-acl';
import type { EnvSettings } from './env-schema';

/**
 * MQTT_USERS_FILE: the embedded broker's users (docs/security-mqtt.md). A file of its own rather than a
 * section of BOARDS_FILE: it holds credentials, so it is mounted and permissioned like a secret, is
 * changed by other people than the board list, and does not exist with an external broker.
 *
 * ```yaml
 * users:
 *   dashboard: { role: reader, passwordHash: "$scrypt$ln=15,r=8,p=1$…$…" }
 *   ops: { role: operator, passwordHash: "…", boards: ["498060912345"], commands: [sendsms, stat] }
 * ```
 */
const HASH_HINT = 'must be a hash printed by `npm run -s hash-password` ($scrypt$ln=…); plaintext is not accepted';
const userSchema = z.object({
  role: z.enum(MQTT_ROLES as [MqttRole, ...MqttRole[]]),
  // the message never repeats the value: it may be a password pasted by mistake
  passwordHash: z.string().refine((h) => parsePasswordHash(h) !== null, { message: HASH_HINT }),
  boards: z.array(z.string().regex(/^[^/+#\u0000]{1,64}$/, 'board id must not contain / + # and be 1–64 chars'))
    .min(1).optional(),
  commands: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'not a command name')).min(1)
    .transform((list) => list.map((c) => c.toLowerCase())).optional(),
}).strict().refine((u) => u.role === 'operator' || (u.boards === undefined && u.commands === undefined),
  { message: 'boards and commands restrict operators only' });

export const mqttUsersSchema = z.object({
  users: z.record(z.string().regex(/^[^\u0000-\u001f\u007f]{1,64}$/, 'user name: 1–64 printable characters'),
    userSchema).refine((users) => Object.keys(users).length > 0, { message: 'lists no user' }),
}).strict();

export type MqttUsersFile = z.infer<typeof mqttUsersSchema>;
export type MqttUserEntry = MqttUsersFile['users'][string];

type Reader = (path: string) => string;

/** Reads and validates MQTT_USERS_FILE (YAML, or JSON by extension); every problem names the file. */
export function readMqttUsers(path: string | undefined, read: Reader): { users?: MqttUsersFile; problems: string[] } {
  if (!path) return { problems: [] };
  let data: unknown;
  try {
    const text = read(path);
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { problems: [`MQTT_USERS_FILE ${path}: ${(err as Error).message}`] };
  }
  const parsed = mqttUsersSchema.safeParse(data ?? {});
  if (parsed.success) return { users: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((i) => {
    const nested = (i as { issues?: { message: string }[] }).issues;
    const message = nested?.length ? nested.map((n) => n.message).join('; ') : i.message;
    return `MQTT_USERS_FILE ${path}: ${i.path.join('.') || '(root)'}: ${message}`;
  }) };
}

/** Settings that are each valid but wrong together: users, anonymous access and TLS listeners. */
export function mqttSecurityProblems(s: EnvSettings, users: MqttUsersFile | undefined): string[] {
  const problems: string[] = [];
  const external = s.MQTT_URL !== undefined;
  if (external && s.MQTT_USERS_FILE) {
    problems.push('MQTT_USERS_FILE: applies to the embedded broker only; with MQTT_URL set, give users and ACLs '
      + 'to that broker (docs/security-mqtt.md)');
  }
  if (s.MQTT_ALLOW_ANONYMOUS === true && users) {
    problems.push('MQTT_ALLOW_ANONYMOUS: must not be true when MQTT_USERS_FILE defines users (anonymous access is '
      + 'off when users are configured)');
  }
  if (external && s.MQTT_TLS_PORT !== undefined) problems.push('MQTT_TLS_PORT: applies to the embedded broker only');
  problems.push(...tlsTrio('MQTT_TLS', s.MQTT_TLS_PORT, s.MQTT_TLS_KEY_FILE, s.MQTT_TLS_CERT_FILE));
  problems.push(...tlsTrio('HTTPS', s.HTTPS_PORT, s.HTTPS_KEY_FILE, s.HTTPS_CERT_FILE));
  return problems;
}

/** A TLS listener needs its port, key file and certificate file together. */
function tlsTrio(prefix: string, port: number | undefined, key: string | undefined, cert: string | undefined):
  string[] {
  const given = [port !== undefined, key !== undefined, cert !== undefined];
  if (given.every(Boolean) || !given.some(Boolean)) return [];
  const names = [`${prefix}_PORT`, `${prefix}_KEY_FILE`, `${prefix}_CERT_FILE`];
  const missing = names.filter((_n, i) => !given[i]);
  return [`${missing.join(', ')}: needed together with ${names.filter((_n, i) => given[i]).join(', ')}`];
}
