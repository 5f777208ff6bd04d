import type { Logger } from 'pino';
import type { BridgeConfig } from '../config';
import { type DedupStore, MemoryDedupStore } from '../ingest/dedup-store';
import { RateLimitedLog } from '../logging/rate-limited-log';
import { RedisCommandQueue } from '../redis/redis-command-queue';
import { RedisConnection } from '../redis/redis-connection';
import { RedisDedupStore } from '../redis/redis-dedup-store';
import { RedisInstanceChannel } from '../redis/redis-instance-channel';
import { RedisInstanceRegistry } from '../redis/redis-instance-registry';
import { RedisKeys } from '../redis/redis-keys';
import { RedisOwnership } from '../redis/redis-ownership';
import { LoopbackChannel } from '../routing/loopback-channel';
import { MemoryCommandQueue } from '../routing/memory-command-queue';
import { MemoryOwnership } from '../routing/memory-ownership';
import type { CommandQueue, InstanceChannel, InstanceRegistry, SessionOwnership } from '../routing/routing-ports';
import { SoloInstanceRegistry } from '../routing/solo-instance-registry';
import { SharedStateHealth } from './shared-state-health';

export interface SharedState {
  ownership: SessionOwnership;
  queue: CommandQueue;
  channel: InstanceChannel;
  registry: InstanceRegistry;
  dedup: DedupStore;
  health: SharedStateHealth;
  /** The Redis connection when REDIS_URL is set, for other shared counters (cost guards); never closed by them. */
  redis?: RedisConnection;
  /** Leaves the instance set and closes every Redis connection. */
  close(): Promise<void>;
}

/** How long Redis may take at start before the bridge goes on without it (commands: routing-unavailable). */
const BOOT_WAIT_MS = 5_000;

/** An owner record lives as long as the board counts as alive: 3 pings plus slack (board-protocol §1.4). */
export function livenessWindowMs(c: Pick<BridgeConfig, 'PING_INTERVAL_SEC' | 'LIVENESS_SLACK_SEC'>): number {
  return (3 * c.PING_INTERVAL_SEC + c.LIVENESS_SLACK_SEC) * 1000;
}

/** Redis when REDIS_URL is set, process memory otherwise (bridge-contract §1). */
export function createSharedState(config: BridgeConfig, log: Logger): Promise<SharedState> {
  return config.REDIS_URL ? createRedisState(config, config.REDIS_URL, log) : Promise.resolve(createMemoryState(config, log));
}

class FixedHealth extends SharedStateHealth {
  readonly mode = 'memory';
  readonly connected = true;
  onReconnect(_cb: () => void): () => void {
    return () => undefined;
  }
}

class RedisHealth extends SharedStateHealth {
  readonly mode = 'redis';
  constructor(private readonly redis: RedisConnection) {
    super();
  }

  get connected(): boolean {
    return this.redis.connected;
  }

  onReconnect(cb: () => void): () => void {
    return this.redis.onReady(cb);
  }
}

function createMemoryState(c: BridgeConfig, log: Logger): SharedState {
  const ownership = new MemoryOwnership(c.BRIDGE_INSTANCE_ID, { leaseMs: livenessWindowMs(c) });
  const registry = new SoloInstanceRegistry();
  return {
    ownership, registry, dedup: new MemoryDedupStore(), health: new FixedHealth(),
    queue: new MemoryCommandQueue({ holds: (board, epoch) => ownership.holds(board, epoch) }),
    channel: new LoopbackChannel(c.BRIDGE_INSTANCE_ID, (err) => log.error({ err }, 'control message listener failed')),
    close: () => registry.stop(),
  };
}

async function createRedisState(c: BridgeConfig, url: string, log: Logger): Promise<SharedState> {
  // Redis errors repeat every reconnect attempt: one line per kind and 30 s is enough.
  const limited = new RateLimitedLog(log, 30_000);
  const warn = (kind: string) => (err: Error) => limited.warn(kind, { err }, `shared state: ${kind}`);
  const instanceId = c.BRIDGE_INSTANCE_ID;
  const redis = new RedisConnection({ url, connectionName: `board-bridge:${instanceId}`, onError: warn('redis error') });
  const keys = new RedisKeys(c.REDIS_KEY_PREFIX, redis.cluster);
  const channel = new RedisInstanceChannel(redis, { instanceId, keys, onError: warn('control channel error'),
    onMalformed: (raw) => limited.warn('malformed', { size: raw.length }, 'shared state: malformed control message ignored') });
  const registry = new RedisInstanceRegistry(redis, { instanceId, keys, heartbeatMs: c.INSTANCE_HEARTBEAT_MS,
    ttlMs: c.INSTANCE_TTL_MS, onError: warn('instance registry error') });
  registry.onBoardsLost((boards, instance) => log.warn({ instance, boards: boards.length }, 'instance lost: boards taken over'));
  redis.onReady(() => log.info({ redis: redis.displayUrl }, 'redis reconnected'));
  await boot(redis, channel, log);
  return {
    ownership: new RedisOwnership(redis, { instanceId, keys, leaseMs: livenessWindowMs(c) }),
    queue: new RedisCommandQueue(redis, { keys }),
    dedup: new RedisDedupStore(redis, { keys, onDegraded: warn('dedup degraded to local memory') }),
    channel, registry, health: new RedisHealth(redis), redis,
    close: async () => {
      await registry.stop();
      await redis.close();
    },
  };
}

/** Waits a bounded time for Redis and our channel; a Redis that is down must not stop the uplink (§6). */
async function boot(redis: RedisConnection, channel: RedisInstanceChannel, log: Logger): Promise<void> {
  if (!(await redis.waitReady(BOOT_WAIT_MS))) {
    log.warn({ redis: redis.displayUrl }, 'redis not reachable yet: commands answer routing-unavailable until it is');
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), BOOT_WAIT_MS); });
  const subscribed = await Promise.race([channel.start().then(() => true), timeout]);
  clearTimeout(timer);
  if (!subscribed) log.warn('control channel not subscribed yet; retrying in the background');
  log.info({ redis: redis.displayUrl }, 'shared state on redis');
}
