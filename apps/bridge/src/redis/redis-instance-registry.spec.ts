import { RoutingUnavailableError } from '../routing/routing-ports';
import type { LuaScript, RedisConnection } from './redis-connection';
import { RedisInstanceRegistry } from './redis-instance-registry';
import { RedisKeys } from './redis-keys';

/** A stand-in connection: Redis is "up" when `up` is true; Y always looks dead and owns board b1. */
function fakeRedis() {
  const state = { up: false, calls: [] as string[] };
  const evalScript = async (script: LuaScript) => {
    state.calls.push(script.name);
    if (!state.up) throw new RoutingUnavailableError('redis away');
    if (script.name === 'instances-dead') return ['Y'];
    if (script.name === 'instance-reap') return ['b1'];
    return 1;
  };
  const redis = { eval: evalScript, run: async () => 0 } as unknown as RedisConnection;
  return { state, redis };
}

describe('RedisInstanceRegistry after an outage of its own', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('judges no peer before it has beaten for one TTL without a gap', async () => {
    const { state, redis } = fakeRedis();
    const errors: Error[] = [];
    const registry = new RedisInstanceRegistry(redis, { instanceId: 'X', keys: new RedisKeys('bb:'), heartbeatMs: 100,
      ttlMs: 1_000, onError: (e) => errors.push(e) });
    const lost: [string[], string][] = [];
    registry.onBoardsLost((boards, instance) => lost.push([boards, instance]));
    await registry.start();
    await jest.advanceTimersByTimeAsync(500);
    state.up = true;
    await jest.advanceTimersByTimeAsync(900);
    expect(state.calls).not.toContain('instances-dead');
    expect(errors.length).toBeGreaterThan(0);
    state.up = false;
    await jest.advanceTimersByTimeAsync(100);
    state.up = true;
    await jest.advanceTimersByTimeAsync(900);
    expect(lost).toEqual([]);
    await jest.advanceTimersByTimeAsync(200);
    expect(lost[0]).toEqual([['b1'], 'Y']);
    await registry.stop();
  });
});
