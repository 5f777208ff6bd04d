import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis-url';

export type RedisClient = Redis | Cluster;

export interface RedisClientSettings {
  /** Bounds a command on a connection that is up but silent (half-open TCP); default 5 s. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** CLIENT SETNAME, so operators (and tests) can tell the bridge's connections apart. */
  connectionName?: string;
}

const RECONNECT_CAP_MS = 2_000;

/**
 * Reconnect forever, 100 ms doubling up to a 2 s cap: a restarted Redis is picked up within 2 s and a
 * fleet of instances does not hammer a Redis that is down.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_CAP_MS, 50 * 2 ** Math.min(Math.max(attempt, 1), 16));
}

/**
 * Options that make a command fail at once while Redis is away, so a caller answers `routing-unavailable`
 * (bridge-contract §4) instead of hanging: no offline queue, in-flight commands rejected on close
 * (maxRetriesPerRequest 0), and never resent after a reconnect, because a resent claim would bump the
 * epoch twice and a resent take would hand items to nobody.
 */
export function failFastOptions(s: RedisClientSettings): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: s.commandTimeoutMs ?? 5_000,
    connectTimeout: s.connectTimeoutMs ?? 5_000,
    // disconnect() arms a timer of this length even for a socket already closed (ioredis
    // AbstractConnector); the 2 s default would hold up process exit after a shutdown during an outage.
    disconnectTimeout: 500,
    retryStrategy: reconnectDelay,
    ...(s.connectionName ? { connectionName: s.connectionName } : {}),
  };
}

/** A connected-in-the-background client for one REDIS_URL form (see redis-url.ts). */
export function createRedisClient(target: RedisTarget, s: RedisClientSettings): RedisClient {
  const base = failFastOptions(s);
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, base);
    case 'sentinel':
      return new Redis({ ...base, sentinels: target.sentinels, name: target.name, db: target.db,
        username: target.username, password: target.password, sentinelRetryStrategy: reconnectDelay });
    case 'cluster':
      return new Cluster(target.nodes, clusterOptions(target, base));
  }
}

function clusterOptions(target: Extract<RedisTarget, { kind: 'cluster' }>, base: RedisOptions): ClusterOptions {
  const { enableOfflineQueue, retryStrategy, ...perNode } = base;
  return {
    enableOfflineQueue, clusterRetryStrategy: retryStrategy,
    redisOptions: { ...perNode, username: target.username, password: target.password },
  };
}
