import { LuaScript, type RedisConnection } from '../../redis/redis-connection';
import type { CounterCheck } from './guard-counters';
import type { GuardStore, ReservationSlot, ReserveResult } from './guard-store';

/**
 * All-or-nothing over one command's counters. KEYS: reservation, counters…; ARGV: count, reservation
 * ttl (ms), reservation value, the counters' maxima…, the counters' ttls (ms)…
 * Returns 0 when reserved, else the 1-based index of the first full counter.
 */
const RESERVE = new LuaScript('guard-reserve', `
local n = tonumber(ARGV[1])
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[i + 1]) or '0') >= tonumber(ARGV[3 + i]) then return i end
end
for i = 1, n do
  redis.call('INCR', KEYS[i + 1])
  if redis.call('PTTL', KEYS[i + 1]) < 0 then redis.call('PEXPIRE', KEYS[i + 1], ARGV[3 + n + i]) end
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
return 0`);

/** GET and DEL in one step (GETDEL needs Redis 6.2): exactly one caller gets a reservation back. */
const TAKE = new LuaScript('guard-take', `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v`);

/** Gives one count back to each counter still alive (an ended window started again from zero). */
const GIVE_BACK = new LuaScript('guard-give-back', `
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return #KEYS`);

export interface RedisGuardStoreOptions {
  /** Used while Redis is unreachable (`whenSharedStateDown: local`); without one, reserve throws. */
  fallback?: GuardStore;
  /** Redis failed and the fallback answered: worth a metric and a (rate-limited) log line. */
  onDegraded?: (err: Error) => void;
}

/**
 * The guards' counters in Redis, shared by every instance (bridge-contract §1): INCR with expiry, checked
 * and counted by one Lua script, so two instances cannot both take the last unit of a budget.
 */
export class RedisGuardStore implements GuardStore {
  constructor(private readonly redis: RedisConnection, private readonly options: RedisGuardStoreOptions = {}) {}

  async reserve(checks: readonly CounterCheck[], reservation: ReservationSlot): Promise<ReserveResult> {
    const keys = [reservation.key, ...checks.map((c) => c.key)];
    const args = [checks.length, Math.ceil(reservation.ttlMs), JSON.stringify(checks.map((c) => c.key)),
      ...checks.map((c) => c.max), ...checks.map((c) => Math.max(1, Math.ceil(c.ttlMs)))];
    let failedAt: number;
    try {
      failedAt = Number(await this.redis.eval(RESERVE, keys, args));
    } catch (err) {
      if (!this.options.fallback) throw err;
      this.options.onDegraded?.(err as Error);
      return this.options.fallback.reserve(checks, reservation);
    }
    return failedAt === 0 ? { ok: true } : { ok: false, failed: checks[failedAt - 1] };
  }

  async settle(reservationKey: string): Promise<void> {
    await this.options.fallback?.settle(reservationKey);
    await this.redis.run('guard-settle', (c) => c.del(reservationKey));
  }

  async refund(reservationKey: string): Promise<boolean> {
    const taken = await this.redis.eval(TAKE, [reservationKey], []).catch(() => null);
    if (typeof taken !== 'string') return (await this.options.fallback?.refund(reservationKey)) ?? false;
    const counters = parseKeys(taken);
    if (counters.length > 0) await this.redis.eval(GIVE_BACK, counters, []);
    return true;
  }
}

function parseKeys(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}
