import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { type DedupStore, MemoryDedupStore } from '../../apps/bridge/src/ingest/dedup-store';
import { RedisCommandQueue } from '../../apps/bridge/src/redis/redis-command-queue';
import { RedisConnection } from '../../apps/bridge/src/redis/redis-connection';
import { RedisDedupStore } from '../../apps/bridge/src/redis/redis-dedup-store';
import { RedisInstanceChannel } from '../../apps/bridge/src/redis/redis-instance-channel';
import { RedisKeys } from '../../apps/bridge/src/redis/redis-keys';
import { RedisOwnership } from '../../apps/bridge/src/redis/redis-ownership';
import { LoopbackChannel } from '../../apps/bridge/src/routing/loopback-channel';
import { MemoryCommandQueue } from '../../apps/bridge/src/routing/memory-command-queue';
import { MemoryOwnership } from '../../apps/bridge/src/routing/memory-ownership';
import type {
  CommandQueue, ControlMessage, InstanceChannel, QueuedCommand, SessionOwnership,
} from '../../apps/bridge/src/routing/routing-ports';
import { testServices } from '../setup/services';

/** One instance's view of the shared state, whichever implementation runs it. */
export interface StateUnderTest {
  instance: string;
  ownership: SessionOwnership;
  queue: CommandQueue;
  channel: InstanceChannel;
  dedup: DedupStore;
  /** Control messages received on this instance's channel, in order. */
  received: ControlMessage[];
  malformed: string[];
  connection?: RedisConnection;
  close(): Promise<void>;
}

export interface StateFactory {
  name: string;
  /** A new instance; with Redis, instances made with the same `prefix` share one keyspace. */
  make(instance: string, opts?: { leaseMs?: number; prefix?: string }): Promise<StateUnderTest>;
  /** Starts what the factory needs (a Sentinel, a Cluster) once per describe block. */
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

/** A key prefix of its own per test, so parallel test files and cases never see each other's keys. */
export const uniquePrefix = () => `t${randomBytes(5).toString('hex')}:`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export function queued(board: string, requestId: string, deadline = Date.now() + 60_000): QueuedCommand {
  return { kind: 'offline', deadline,
    request: { requestId, board, cmd: 'sendsms', positional: [1, '10086', 'hi'], ttlSec: 60, acceptedAt: 1, origin: 'mqtt' } };
}

export const ids = (items: QueuedCommand[]) => items.map((i) => i.request.requestId);

export const memoryFactory: StateFactory = {
  name: 'memory',
  async make(instance, opts = {}) {
    const ownership = new MemoryOwnership(instance, { leaseMs: opts.leaseMs ?? 60_000 });
    const channel = new LoopbackChannel(instance);
    const received: ControlMessage[] = [];
    channel.onMessage((m) => received.push(m));
    return { instance, ownership, channel, received, malformed: [], dedup: new MemoryDedupStore(),
      queue: new MemoryCommandQueue({ holds: (b, e) => ownership.holds(b, e) }), close: async () => undefined };
  },
};

/** Redis at `url()` in any REDIS_URL form; `connectionName` is `<prefix><instance>` (see killClient). */
export function redisFactory(name: string, url: () => string, hooks: Pick<StateFactory, 'setup' | 'teardown'> = {}):
  StateFactory {
  return {
    name, ...hooks,
    async make(instance, opts = {}) {
      const prefix = opts.prefix ?? uniquePrefix();
      const connection = new RedisConnection({ url: url(), connectionName: `${prefix}${instance}` });
      await connection.waitReady(5000);
      const keys = new RedisKeys(prefix, connection.cluster);
      const malformed: string[] = [];
      const channel = new RedisInstanceChannel(connection, { instanceId: instance, keys, onMalformed: (raw) => malformed.push(raw) });
      const received: ControlMessage[] = [];
      channel.onMessage((m) => received.push(m));
      await channel.start();
      return { instance, channel, received, malformed, connection,
        ownership: new RedisOwnership(connection, { instanceId: instance, keys, leaseMs: opts.leaseMs ?? 60_000 }),
        queue: new RedisCommandQueue(connection, { keys }), dedup: new RedisDedupStore(connection, { keys }),
        close: () => connection.close() };
    },
  };
}

export const plainRedisFactory = redisFactory('redis', () => testServices().redisUrl);

/** A plain client for looking at (or tampering with) Redis behind the implementations' backs. */
export async function rawRedis(): Promise<Redis> {
  const raw = new Redis(testServices().redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await raw.connect();
  return raw;
}

/** Kills the server side of a named connection, as a network failure would. */
export async function killClient(raw: Redis, name: string): Promise<void> {
  const list = await raw.client('LIST') as string;
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  const id = /^id=(\d+)/.exec(line ?? '')?.[1];
  if (!id) throw new Error(`no Redis client named ${name}`);
  await raw.client('KILL', 'ID', id);
}
