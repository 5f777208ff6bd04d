import type Redis from 'ioredis';
import { RedisKeys } from '../apps/bridge/src/redis/redis-keys';
import { startCluster, startSentinel, type RunningTopology } from './helpers/redis-topologies';
import {
  eventually, ids, memoryFactory, plainRedisFactory, queued, rawRedis, redisFactory, sleep, type StateUnderTest,
  uniquePrefix,
} from './helpers/shared-state-impls';

/** A REDIS_URL form whose servers this file starts itself. */
function topologyFactory(name: string, startTopology: () => Promise<RunningTopology>) {
  let topology: RunningTopology | undefined;
  return redisFactory(name, () => (topology as RunningTopology).url, {
    setup: async () => { topology = await startTopology(); },
    teardown: async () => { await topology?.stop(); },
  });
}

/**
 * The contract of routing-ports.ts and DedupStore (bridge-contract §4, §6): the same answers in memory and
 * on Redis in each REDIS_URL form (§1); the one-node Cluster proves every script stays in one hash slot.
 */
describe.each([
  memoryFactory, plainRedisFactory, topologyFactory('redis+sentinel', startSentinel),
  topologyFactory('redis+cluster', startCluster),
])('shared state contract: $name', (factory) => {
  const open: StateUnderTest[] = [];
  beforeAll(async () => { await factory.setup?.(); }, 20_000);
  afterAll(async () => { await factory.teardown?.(); });
  const make = async (instance = 'i1', leaseMs?: number) => {
    const s = await factory.make(instance, { leaseMs });
    open.push(s);
    return s;
  };
  afterEach(async () => { await Promise.all(open.splice(0).map((s) => s.close())); });

  it('claims with a growing epoch; only the current epoch is current', async () => {
    const { ownership } = await make();
    const first = await ownership.claim('b1');
    const second = await ownership.claim('b1');
    expect(second).toBe(first + 1);
    expect(await ownership.owner('b1')).toEqual({ instance: 'i1', epoch: second, since: expect.any(Number) });
    expect(await ownership.isCurrent('b1', second)).toBe(true);
    expect(await ownership.isCurrent('b1', first)).toBe(false);
    expect(await ownership.owner('other')).toBeNull();
  });

  it('renews and releases only at the current epoch; epochs keep growing after a release', async () => {
    const { ownership } = await make();
    const old = await ownership.claim('b1');
    const current = await ownership.claim('b1');
    expect(await ownership.renew('b1', old)).toBe(false);
    expect(await ownership.renew('b1', current)).toBe(true);
    await ownership.release('b1', old);
    expect(await ownership.isCurrent('b1', current)).toBe(true);
    await ownership.release('b1', current);
    expect(await ownership.owner('b1')).toBeNull();
    expect(await ownership.renew('b1', current)).toBe(false);
    expect(await ownership.claim('b1')).toBe(current + 1);
  });

  it('lets a lease run out when not renewed', async () => {
    const { ownership } = await make('i1', 400);
    const epoch = await ownership.claim('b1');
    await sleep(250);
    expect(await ownership.renew('b1', epoch)).toBe(true);
    await sleep(250);
    expect(await ownership.isCurrent('b1', epoch)).toBe(true);
    await sleep(300);
    expect(await ownership.owner('b1')).toBeNull();
    expect(await ownership.renew('b1', epoch)).toBe(false);
  });

  it('takes a board\'s commands oldest first, once', async () => {
    const { ownership, queue } = await make();
    const epoch = await ownership.claim('b1');
    for (const id of ['r1', 'r2', 'r3']) await queue.push(queued('b1', id));
    await queue.push(queued('b2', 'other'));
    expect(ids((await queue.take('b1', { instance: 'i1', epoch })).ready)).toEqual(['r1', 'r2', 'r3']);
    expect(await queue.take('b1', { instance: 'i1', epoch })).toEqual({ ready: [], expired: [] });
  });

  it('gives a stale fence nothing and keeps the queue for the current one', async () => {
    const { ownership, queue } = await make();
    const stale = await ownership.claim('b1');
    const current = await ownership.claim('b1');
    await queue.push(queued('b1', 'r1'));
    expect(await queue.take('b1', { instance: 'i1', epoch: stale })).toEqual({ ready: [], expired: [] });
    const got = await queue.take('b1', { instance: 'i1', epoch: current });
    expect(got.ready).toEqual([queued('b1', 'r1', got.ready[0].deadline)]);
  });

  it('returns items past their deadline from take as expired, not ready', async () => {
    const { ownership, queue } = await make();
    const epoch = await ownership.claim('b1');
    await queue.push(queued('b1', 'late', Date.now() - 1));
    await queue.push(queued('b1', 'fine'));
    const got = await queue.take('b1', { instance: 'i1', epoch });
    expect([ids(got.ready), ids(got.expired)]).toEqual([['fine'], ['late']]);
  });

  it('hands each due item to takeExpired once, earliest first, within the limit', async () => {
    const { ownership, queue } = await make();
    const now = Date.now();
    await queue.push(queued('b1', 'due2', now - 10));
    await queue.push(queued('b2', 'due1', now - 20));
    await queue.push(queued('b1', 'later', now + 60_000));
    await queue.push(queued('b1', 'due3', now - 5));
    expect(ids(await queue.takeExpired(now, 2))).toEqual(['due1', 'due2']);
    expect(ids(await queue.takeExpired(now))).toEqual(['due3']);
    expect(await queue.takeExpired(now)).toEqual([]);
    const epoch = await ownership.claim('b1');
    expect(ids((await queue.take('b1', { instance: 'i1', epoch })).ready)).toEqual(['later']);
  });

  it('puts items back at the head, in their order', async () => {
    const { ownership, queue } = await make();
    const epoch = await ownership.claim('b1');
    await queue.push(queued('b1', 'r3'));
    await queue.putBack('b1', [queued('b1', 'r1'), queued('b1', 'r2')]);
    await queue.putBack('b1', []);
    expect(ids((await queue.take('b1', { instance: 'i1', epoch })).ready)).toEqual(['r1', 'r2', 'r3']);
  });

  it('delivers a control message to its own instance only', async () => {
    const s = await make();
    await s.channel.send('somebody-else', { type: 'wake', board: 'x' });
    await s.channel.send('i1', { type: 'wake', board: 'b1' });
    await eventually(() => s.received.length > 0);
    await sleep(50);
    expect(s.received).toEqual([{ type: 'wake', board: 'b1' }]);
  });

  it('remembers event ids for the window and forgets on request', async () => {
    const { dedup } = await make();
    const id = `e-${uniquePrefix()}`;
    expect(await dedup.firstSeen(id, 60)).toBe(true);
    expect(await dedup.firstSeen(id, 60)).toBe(false);
    await dedup.forget(id);
    expect(await dedup.firstSeen(id, 60)).toBe(true);
    expect([await dedup.firstSeen(`${id}-0`, 0), await dedup.firstSeen(`${id}-0`, 0)]).toEqual([true, true]);
  });
});

describe('Redis shared state across instances', () => {
  let raw: Redis;
  let keys: RedisKeys;
  const open: StateUnderTest[] = [];
  const instance = async (id: string, leaseMs?: number) => {
    const s = await plainRedisFactory.make(id, { prefix: keys.prefix, leaseMs });
    open.push(s);
    return s;
  };
  beforeAll(async () => { raw = await rawRedis(); });
  afterAll(async () => { await raw.quit(); });
  beforeEach(() => { keys = new RedisKeys(uniquePrefix()); });
  afterEach(async () => { await Promise.all(open.splice(0).map((s) => s.close())); });

  it('claim by B after A tells A to drop, at B\'s epoch; A can no longer renew, release or take', async () => {
    const a = await instance('A');
    const b = await instance('B', 5_000);
    const epochA = await a.ownership.claim('b1');
    await b.queue.push(queued('b1', 'r1'));
    const epochB = await b.ownership.claim('b1');
    await eventually(() => a.received.length > 0);
    expect(a.received).toEqual([{ type: 'drop', board: 'b1', epoch: epochB }]);
    expect(b.received).toEqual([]);
    expect([await a.ownership.isCurrent('b1', epochA), await b.ownership.isCurrent('b1', epochB)]).toEqual([false, true]);
    expect(await a.ownership.renew('b1', epochA)).toBe(false);
    expect(await a.queue.take('b1', { instance: 'A', epoch: epochA })).toEqual({ ready: [], expired: [] });
    expect(await a.queue.take('b1', { instance: 'A', epoch: epochB })).toEqual({ ready: [], expired: [] });
    await a.ownership.release('b1', epochA);
    expect(await b.ownership.owner('b1')).toMatchObject({ instance: 'B', epoch: epochB });
    expect([await raw.sismember(keys.boards('A'), 'b1'), await raw.sismember(keys.boards('B'), 'b1')]).toEqual([0, 1]);
    expect(ids((await b.queue.take('b1', { instance: 'B', epoch: epochB })).ready)).toEqual(['r1']);
  });

  it('renew extends the lease of the current owner only', async () => {
    const b = await instance('B', 3_000);
    const epoch = await b.ownership.claim('b1');
    await raw.pexpire(keys.owner('b1'), 500);
    expect(await b.ownership.renew('b1', epoch)).toBe(true);
    expect(await raw.pttl(keys.owner('b1'))).toBeGreaterThan(2_000);
    expect(await b.ownership.renew('b1', epoch + 1)).toBe(false);
  });

  it('concurrent takeExpired from two connections returns each item exactly once', async () => {
    const [a, b] = [await instance('A'), await instance('B')];
    const now = Date.now();
    const all = Array.from({ length: 300 }, (_, i) => queued(`b${i % 7}`, `r${i}`, now - 1 - (i % 13)));
    await Promise.all(all.map((item) => a.queue.push(item)));
    const drain = async (s: StateUnderTest) => {
      const got: string[] = [];
      for (let batch = await s.queue.takeExpired(now, 17); batch.length; batch = await s.queue.takeExpired(now, 17)) {
        got.push(...ids(batch));
      }
      return got;
    };
    const [fromA, fromB] = await Promise.all([drain(a), drain(b)]);
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect([...fromA, ...fromB].sort()).toEqual(all.map((i) => i.request.requestId).sort());
    const lists = Array.from({ length: 7 }, (_, i) => keys.queue(`b${i}`));
    expect(await raw.exists(keys.items, keys.deadlines, ...lists)).toBe(0);
  });

  it('ignores malformed messages on an instance channel and still delivers good ones', async () => {
    const a = await instance('A');
    await raw.publish(keys.channel('A'), 'not json');
    await raw.publish(keys.channel('A'), '{"type":"drop","board":"b1"}');
    await a.channel.send('A', { type: 'wake', board: 'b1' });
    await eventually(() => a.received.length > 0);
    expect(a.received).toEqual([{ type: 'wake', board: 'b1' }]);
    expect(a.malformed).toEqual(['not json', '{"type":"drop","board":"b1"}']);
  });
});
