import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import pino from 'pino';
import { loadConfig } from '../apps/bridge/src/config';
import { CoreModule } from '../apps/bridge/src/core/core.module';
import { DEDUP_STORE, MemoryDedupStore } from '../apps/bridge/src/ingest/dedup-store';
import { RedisCommandQueue } from '../apps/bridge/src/redis/redis-command-queue';
import { RedisConnection } from '../apps/bridge/src/redis/redis-connection';
import { RedisDedupStore } from '../apps/bridge/src/redis/redis-dedup-store';
import { RedisInstanceChannel } from '../apps/bridge/src/redis/redis-instance-channel';
import { RedisInstanceRegistry } from '../apps/bridge/src/redis/redis-instance-registry';
import { RedisKeys } from '../apps/bridge/src/redis/redis-keys';
import { RedisOwnership } from '../apps/bridge/src/redis/redis-ownership';
import {
  INSTANCE_REGISTRY, RoutingUnavailableError, SESSION_OWNERSHIP, SHARED_STATE_STATUS,
} from '../apps/bridge/src/routing/routing-ports';
import { SharedStateHealth } from '../apps/bridge/src/shared-state/shared-state-health';
import { SharedStateModule } from '../apps/bridge/src/shared-state/shared-state.module';
import {
  eventually, killClient, plainRedisFactory, queued, rawRedis, sleep, uniquePrefix,
} from './helpers/shared-state-impls';
import { freePort, servicesDir, startRedis, testServices, waitForPort } from './setup/services';

/** What happens when instances or Redis go away (bridge-contract §1, §4, §6). */
describe('shared state when things fail', () => {
  let raw: Redis;
  let keys: RedisKeys;
  const cleanups: (() => Promise<unknown>)[] = [];
  const connect = async (name: string) => {
    const c = new RedisConnection({ url: testServices().redisUrl, connectionName: name, onError: () => undefined });
    cleanups.push(() => c.close());
    await c.waitReady(5000);
    return c;
  };
  beforeAll(async () => { raw = await rawRedis(); });
  afterAll(async () => { await raw.quit(); });
  beforeEach(() => { keys = new RedisKeys(uniquePrefix()); });
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  /** The instance that goes away gets a short TTL; survivors a long one, so a slow test machine never loses them. */
  const registry = (c: RedisConnection, instanceId: string, ttlMs = 2_000) => {
    const r = new RedisInstanceRegistry(c, { instanceId, keys, heartbeatMs: 50, ttlMs, onError: () => undefined });
    cleanups.push(() => r.stop());
    return r;
  };

  it('a silent instance\'s boards are reported lost exactly once, and its owner records are gone', async () => {
    const [connA, connB, connC] = [await connect('A'), await connect('B'), await connect('C')];
    const owner = (c: RedisConnection, id: string) => new RedisOwnership(c, { instanceId: id, keys, leaseMs: 60_000 });
    const [a, b] = [owner(connA, 'A'), owner(connB, 'B')];
    await Promise.all(['b1', 'b2', 'b4'].map((board) => a.claim(board)));
    await b.claim('b3');
    await b.claim('b4');
    const reports: [string, string[], string][] = [];
    const [regA, regB, regC] = [registry(connA, 'A', 300), registry(connB, 'B'), registry(connC, 'C')];
    regB.onBoardsLost((boards, inst) => reports.push(['B', [...boards].sort(), inst]));
    regC.onBoardsLost((boards, inst) => reports.push(['C', [...boards].sort(), inst]));
    await Promise.all([regA.start(), regB.start(), regC.start()]);
    await sleep(400);
    expect(reports).toEqual([]);
    await connA.close(); // a crash: the heartbeat stops, nothing is cleaned up
    await eventually(() => reports.length > 0);
    await sleep(400);
    expect(reports.map(([, boards, inst]) => [boards, inst])).toEqual([[['b1', 'b2'], 'A']]);
    expect(await raw.exists(keys.owner('b1'), keys.owner('b2'), keys.boards('A'))).toBe(0);
    expect([await b.isCurrent('b3', 1), (await b.owner('b4'))?.instance]).toEqual([true, 'B']);
  });

  it('an instance that stops cleanly is not reported lost; one that crashes beside it is', async () => {
    const [connD, connE, connF] = [await connect('D'), await connect('E'), await connect('F')];
    await new RedisOwnership(connD, { instanceId: 'D', keys, leaseMs: 60_000 }).claim('b9');
    await new RedisOwnership(connF, { instanceId: 'F', keys, leaseMs: 60_000 }).claim('b8');
    // E's own TTL is short too, so it starts judging others soon (a registry waits one TTL of its own first).
    const [regD, regE, regF] = [registry(connD, 'D', 300), registry(connE, 'E', 300), registry(connF, 'F', 300)];
    const reports: [string, string[]][] = [];
    regE.onBoardsLost((boards, inst) => reports.push([inst, boards]));
    await Promise.all([regD.start(), regE.start(), regF.start()]);
    await regD.stop();
    await connF.close();
    await eventually(() => reports.length > 0);
    await sleep(600);
    expect(reports).toEqual([['F', ['b8']]]);
    expect(await raw.zscore(keys.instances, 'D')).toBeNull();
    expect(await raw.exists(keys.owner('b9'))).toBe(1);
  });

  it('with Redis down, operations reject with RoutingUnavailableError at once and errors are handled', async () => {
    const consoleError = jest.spyOn(console, 'error');
    const errors: Error[] = [];
    const down = new RedisConnection({ url: `redis://127.0.0.1:${await freePort()}`, onError: (e) => errors.push(e) });
    cleanups.push(() => down.close());
    const started = Date.now();
    const attempts = [
      new RedisOwnership(down, { instanceId: 'A', keys, leaseMs: 1000 }).claim('b1'),
      new RedisOwnership(down, { instanceId: 'A', keys, leaseMs: 1000 }).owner('b1'),
      new RedisCommandQueue(down, { keys }).push(queued('b1', 'r1')),
      new RedisCommandQueue(down, { keys }).take('b1', { instance: 'A', epoch: 1 }),
      new RedisInstanceChannel(down, { instanceId: 'A', keys }).send('B', { type: 'wake', board: 'b1' }),
    ];
    const outcomes = await Promise.allSettled(attempts);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(RoutingUnavailableError);
    }
    // Dedup keeps the uplink going on local memory rather than refusing board data (§6).
    const degraded: Error[] = [];
    const dedup = new RedisDedupStore(down, { keys, onDegraded: (e) => degraded.push(e) });
    expect([await dedup.firstSeen('e1', 60), await dedup.firstSeen('e1', 60)]).toEqual([true, false]);
    expect(degraded[0]).toBeInstanceOf(RoutingUnavailableError);
    await registry(down, 'A').start(); // resolves: the heartbeat waits for Redis instead of failing the app
    await eventually(() => errors.length > 0);
    expect(consoleError).not.toHaveBeenCalledWith(expect.stringContaining('Unhandled error event'), expect.anything());
    expect(down.connected).toBe(false);
    consoleError.mockRestore();
  });

  it('after a reconnect, onReady fires and the channel is subscribed again', async () => {
    const name = `${keys.prefix}R`;
    const s = await plainRedisFactory.make('R', { prefix: keys.prefix });
    cleanups.push(() => s.close());
    const conn = s.connection as RedisConnection;
    let readies = 0;
    conn.onReady(() => readies++);
    await killClient(raw, name);
    await eventually(() => readies === 1 && conn.connected);
    await killClient(raw, `${name}-sub`);
    await eventually(async () => {
      await s.channel.send('R', { type: 'wake', board: 'b1' });
      return s.received.length > 0;
    });
    expect(s.received[0]).toEqual({ type: 'wake', board: 'b1' });
    expect(readies).toBe(1);
  });

  it('Redis down at start: claims fail, and onReady fires once Redis comes up so sessions can be claimed', async () => {
    const port = await freePort();
    const late = new RedisConnection({ url: `redis://127.0.0.1:${port}`, onError: () => undefined });
    cleanups.push(() => late.close());
    let readies = 0;
    late.onReady(() => readies++);
    const ownership = new RedisOwnership(late, { instanceId: 'L', keys, leaseMs: 60_000 });
    await expect(ownership.claim('b1')).rejects.toBeInstanceOf(RoutingUnavailableError);
    const server = startRedis(port, servicesDir());
    cleanups.push(() => new Promise((resolve) => { server.once('exit', resolve); server.kill('SIGTERM'); }));
    await waitForPort(port);
    await eventually(() => readies === 1);
    expect(await ownership.claim('b1')).toBe(1);
  });

  it.each([
    ['memory', {}],
    ['redis', { REDIS_URL: testServices().redisUrl }],
  ])('SharedStateModule provides the %s implementations and closes them on shutdown', async (mode, env) => {
    const config = loadConfig({ ...env, REDIS_KEY_PREFIX: uniquePrefix(), BRIDGE_INSTANCE_ID: `m-${mode}` });
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, pino({ level: 'silent' })), SharedStateModule],
    }).compile();
    await moduleRef.init();
    const health = moduleRef.get(SharedStateHealth);
    expect([health.mode, health.connected]).toEqual([mode, true]);
    expect(moduleRef.get(SHARED_STATE_STATUS)).toBe(health);
    const dedup = moduleRef.get(DEDUP_STORE);
    expect(dedup).toBeInstanceOf(mode === 'redis' ? RedisDedupStore : MemoryDedupStore);
    expect(await moduleRef.get(SESSION_OWNERSHIP).claim('b1')).toBe(1);
    await moduleRef.get(INSTANCE_REGISTRY).start();
    await moduleRef.close();
    expect(health.connected).toBe(mode === 'memory');
  });
});
