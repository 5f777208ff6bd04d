import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type BoardSettings, registrySchema, type RegistryFile } from './board-registry';
import { ConfigError } from './config-error';
import { envSchema, type EnvSettings } from './env-schema';
import { mqttSecurityProblems, type MqttUsersFile, readMqttUsers } from './mqtt-users';

export interface BridgeConfig extends Readonly<EnvSettings> {
  readonly registry: Readonly<RegistryFile>;
  /** True when BOARD_ALLOWLIST or the registry file asks for it: unlisted boards are refused. */
  readonly allowlist: boolean;
  readonly mqttMode: 'embedded' | 'external';
  /** MQTT_USERS_FILE, validated; undefined without it (docs/security-mqtt.md). */
  readonly mqttUsers?: Readonly<MqttUsersFile>;
}

type Reader = (path: string) => string;

function issuesOf(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((i) => {
    // zod 4 nests the reason of a bad record key under `issues`; show it instead of "Invalid key in record".
    const nested = (i as { issues?: { message: string }[] }).issues;
    const message = nested?.length ? nested.map((n) => n.message).join('; ') : i.message;
    return `${prefix}${i.path.join('.') || '(root)'}: ${message}`;
  });
}

function readRegistry(path: string | undefined, read: Reader): { registry?: RegistryFile; problems: string[] } {
  if (!path) return { registry: { boards: {} }, problems: [] };
  let data: unknown;
  try {
    const text = read(path);
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { problems: [`BOARDS_FILE ${path}: ${(err as Error).message}`] };
  }
  const parsed = registrySchema.safeParse(data ?? {});
  if (!parsed.success) return { problems: issuesOf(parsed.error, `BOARDS_FILE ${path}: `) };
  return { registry: parsed.data, problems: [] };
}

/**
 * The only reader of the environment (style rule 9): parse and validate every setting once, report every
 * problem at once, return a frozen config.
 * @throws ConfigError listing each bad setting by name.
 */
export function loadConfig(env: Record<string, string | undefined>, read: Reader = (p) => readFileSync(p, 'utf8')):
  BridgeConfig {
  const parsedEnv = envSchema.safeParse(env);
  const problems = parsedEnv.success ? [] : issuesOf(parsedEnv.error, '');
  const { registry, problems: registryProblems } = readRegistry(env.BOARDS_FILE || undefined, read);
  problems.push(...registryProblems);
  const { users: mqttUsers, problems: userProblems } = readMqttUsers(env.MQTT_USERS_FILE || undefined, read);
  problems.push(...userProblems, ...(parsedEnv.success ? mqttSecurityProblems(parsedEnv.data, mqttUsers) : []));
  if (!parsedEnv.success || !registry || problems.length) throw new ConfigError(problems);
  const settings = parsedEnv.data;
  return Object.freeze({
    ...settings,
    ...(mqttUsers ? { mqttUsers: Object.freeze(mqttUsers) } : {}),
    registry: Object.freeze(registry),
    allowlist: settings.BOARD_ALLOWLIST || registry.allowlist === true,
    mqttMode: settings.MQTT_URL ? 'external' : 'embedded',
  });
}

/** Settings for one board: the registry's defaults overlaid with its own entry. */
export function boardSettings(config: BridgeConfig, devId: string): BoardSettings & { listed: boolean } {
  // Own keys only: devIds come from the network, and `boards.constructor` is Object (issue 6 fuzzing).
  const own = Object.hasOwn(config.registry.boards, devId) ? config.registry.boards[devId] : undefined;
  return { ...config.registry.defaults, ...own, listed: own !== undefined };
}
