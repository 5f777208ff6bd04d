import { hostname } from 'node:os';
import { z } from 'zod';
import { mqttSecurityEnv } from './mqtt-security-env';
import { homeAssistantEnv } from './homeassistant-env';
import { securityEnv } from './security-env';

const port = (def: number) => z.coerce.number().int().min(0).max(65535).default(def);
const optionalPort = z.coerce.number().int().min(1).max(65535).optional();
const positiveInt = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) => z.enum(['true', 'false', '1', '0', 'yes', 'no']).default(def ? 'true' : 'false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const url = (schemes: string[]) => z.preprocess(emptyAsUndefined, z.string().optional().refine(
  (v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)),
  { message: `must start with ${schemes.map((s) => `${s}://`).join(', ')}` }));
const topicLevel = /^[^#+\u0000]+$/;

/**
 * Every environment setting of bridge-contract §1 plus the limits of the uplink. Defaults give a complete
 * single-instance bridge: TCP 6888, HTTP 8080, embedded MQTT 1883, state in memory.
 */
export const envSchema = z.object({
  TCP_HOST: z.string().min(1).default('0.0.0.0'),
  TCP_PORT: port(6888),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: port(8080),
  MQTT_HOST: z.string().min(1).default('0.0.0.0'),
  MQTT_PORT: port(1883),
  MQTT_WS_PORT: z.preprocess(emptyAsUndefined, optionalPort),
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp', 'ssl']),
  MQTT_USERNAME: z.preprocess(emptyAsUndefined, z.string().optional()),
  MQTT_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
  MQTT_PROTOCOL_VERSION: z.enum(['4', '5']).default('5').transform((v) => Number(v) as 4 | 5),
  MQTT_BASE_TOPIC: z.string().min(1).max(128).regex(topicLevel, 'must not contain #, + or NUL')
    .refine((v) => !v.startsWith('/') && !v.endsWith('/'), 'must not start or end with /').default('boards'),
  REDIS_URL: url(['redis', 'rediss', 'redis+sentinel', 'redis+cluster']),
  BOARDS_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  BOARD_ALLOWLIST: bool(false),
  BRIDGE_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only (1–64)')
    .default(`${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}`),
  BOARD_TIME_ZONE: z.coerce.number().min(-12).max(14).default(8),
  /** Boards ping every 110 s unless told otherwise (minimum 10 on the board; lower values are for tests). */
  PING_INTERVAL_SEC: positiveInt(110, 1),
  /** Offline after 3 × ping interval + this slack (board-protocol §1.4 gives 8 s and 15 s; the contract 15 s). */
  LIVENESS_SLACK_SEC: positiveInt(15, 0),
  HANDSHAKE_TIMEOUT_MS: positiveInt(10_000, 100),
  MAX_FRAME_BYTES: positiveInt(65_536, 256),
  UPLOAD_MAX_BYTES: positiveInt(65_536, 256),
  DEDUP_WINDOW_SEC: positiveInt(600, 0),
  SPOOL_MAX_MESSAGES: positiveInt(10_000, 1),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000, 100),
  /** Bearer token of the HTTP API (`/api/...`); the API is off when unset (bridge-contract §5). */
  API_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** Board's immediate answer (999/401/402) must come within this time, else the command fails (`timeout`). */
  COMMAND_ACK_TIMEOUT_SEC: positiveInt(30, 1),
  /** Per-command TTL defaults over the table's, e.g. `sendsms=600,restart=60` (bridge-contract §4). */
  COMMAND_TTL_SEC: z.preprocess(emptyAsUndefined, z.string().optional()).transform((v, ctx) => parseTtls(v, ctx)),
  /** Per-command overrides of how long a later report may take, e.g. `sendsms=120` (table: sendsms 60). */
  COMMAND_REPORT_TIMEOUT_SEC: z.preprocess(emptyAsUndefined, z.string().optional())
    .transform((v, ctx) => parseTtls(v, ctx)),
  /** How long a command handed to the owning instance may wait there before it fails as `offline`. */
  COMMAND_HANDOFF_SEC: positiveInt(10, 1),
  /** Timeout of one request to a board's LAN `/ctrl` API (board-protocol §1.5). */
  CTRL_TIMEOUT_MS: positiveInt(5_000, 100),
  /** Instances heartbeat this often through Redis; one silent for INSTANCE_TTL_MS is declared lost. */
  INSTANCE_HEARTBEAT_MS: positiveInt(2_000, 100),
  INSTANCE_TTL_MS: positiveInt(10_000, 300),
  /** Prefix of every Redis key and channel, so several bridges (or tests) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,32}$/, 'letters, digits, : _ . - only (1–32)').default('bb:'),
  /** External broker: commands are taken through `$share/<group>/…` so one instance handles each. */
  MQTT_SHARED_GROUP: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ - only (1–64)')
    .default('board-bridge'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Limits, freshness and the read-only API token (docs/security-boards.md). */
  ...securityEnv,
  /** MQTT users, anonymous access, MQTT over TLS and HTTPS (docs/security-mqtt.md). */
  ...mqttSecurityEnv,
  /** Forwarding (docs/forwarding.md): forwards waiting in memory without Redis, or for Redis while it is away. */
  FORWARD_QUEUE_MAX: positiveInt(10_000, 1),
  /** Dead letters kept (a capped Redis stream, or memory); the oldest go first. */
  FORWARD_DEAD_LETTER_MAX: positiveInt(10_000, 1),
  /** Lease of a forwarding lane; a crashed instance's lanes move to another after this long. */
  FORWARD_LEASE_MS: positiveInt(10_000, 500),
  /** How often a held lane looks for forwards added by other instances. */
  FORWARD_POLL_MS: positiveInt(100, 10),
  /** Forwards of one lane being worked on at once by one instance (one board's still go one by one). */
  FORWARD_WINDOW: positiveInt(64, 1),
  /** Home Assistant MQTT discovery (docs/home-assistant.md). */
  ...homeAssistantEnv,
});

/** `command=seconds,command=seconds` → record; every bad pair is reported. */
function parseTtls(text: string | undefined, ctx: z.RefinementCtx): Record<string, number> {
  const out: Record<string, number> = {};
  if (!text) return out;
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_]{0,31})=([0-9]{1,7})$/i.exec(pair);
    if (m) out[m[1].toLowerCase()] = Number(m[2]);
    else ctx.addIssue({ code: 'custom', message: `"${pair}" is not command=seconds` });
  }
  return out;
}

export type EnvSettings = z.infer<typeof envSchema>;
