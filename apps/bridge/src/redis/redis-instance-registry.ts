import type { InstanceRegistry } from '../routing/routing-ports';
import { OWNER_RECORD_LUA } from './owner-record';
import { LuaScript, type RedisConnection } from './redis-connection';
import type { RedisKeys } from './redis-keys';

/*
 * Heartbeats and deadlines use the Redis server's clock (TIME inside the scripts), so clock skew between
 * instance hosts cannot make a live instance look dead. Redis ≥ 5 replicates script effects, so TIME
 * before a write is allowed.
 */
const SERVER_NOW_LUA = `
local function server_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** KEYS: instances. ARGV: instance, ttlMs. */
const HEARTBEAT = new LuaScript('instance-heartbeat', `${SERVER_NOW_LUA}
redis.call('ZADD', KEYS[1], server_now() + tonumber(ARGV[2]), ARGV[1])
return 1`);

/** Instances whose heartbeat deadline passed, ourselves excepted. KEYS: instances. ARGV: self, limit. */
const DEAD = new LuaScript('instances-dead', `${SERVER_NOW_LUA}
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. server_now(), 'LIMIT', 0, tonumber(ARGV[2]))) do
  if id ~= ARGV[1] then out[#out + 1] = id end
end
return out`);

/**
 * Takes over one dead instance. The score is checked again (it may have beaten since DEAD), and only the
 * caller whose ZREM removed it goes on, so its boards are reported exactly once across all survivors.
 * A board whose record names someone else now was claimed again elsewhere and is not lost.
 * KEYS: instances, the dead instance's board set. ARGV: dead instance, owner prefix.
 * Returns nil when another survivor (or a late heartbeat) won, else the lost boards.
 */
const REAP = new LuaScript('instance-reap', `${SERVER_NOW_LUA}${OWNER_RECORD_LUA}
local score = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not score or score >= server_now() then return false end
if redis.call('ZREM', KEYS[1], ARGV[1]) ~= 1 then return false end
local lost = {}
for _, board in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local key = ARGV[2] .. board
  local rec = owner_of(redis.call('GET', key))
  if rec and rec.instance == ARGV[1] then
    redis.call('DEL', key)
    lost[#lost + 1] = board
  end
end
redis.call('DEL', KEYS[2])
return lost`);

export interface RedisInstanceRegistryOptions {
  instanceId: string;
  keys: RedisKeys;
  /** INSTANCE_HEARTBEAT_MS: how often to beat and look for dead instances. */
  heartbeatMs: number;
  /** INSTANCE_TTL_MS: silent this long = lost. */
  ttlMs: number;
  /** A failed beat or scan (Redis away), or a listener that threw; the timer goes on. */
  onError?: (err: Error) => void;
  /** Dead instances handled per beat, so one beat stays short after a mass failure. */
  reapLimit?: number;
}

type LostListener = (boards: string[], instance: string) => void;

/** InstanceRegistry on Redis: heartbeat zset plus takeover of dead instances' owner records. */
export class RedisInstanceRegistry implements InstanceRegistry {
  private readonly listeners = new Set<LostListener>();
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  /** Since when our heartbeats succeed without a gap; undefined after a failed one. */
  private beatingSince?: number;

  constructor(private readonly redis: RedisConnection, private readonly options: RedisInstanceRegistryOptions) {}

  /** Beats once, then on every INSTANCE_HEARTBEAT_MS. Never rejects: with Redis away it beats once it returns. */
  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.heartbeatMs);
    this.timer.unref();
    await this.tick();
  }

  /** A clean shutdown leaves the set at once, so no survivor reports our boards as lost. Never rejects. */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    const { keys, instanceId } = this.options;
    await this.redis.run('instance-leave', (c) => c.zrem(keys.instances, instanceId))
      .catch((err: Error) => this.options.onError?.(err));
  }

  /** Called once per lost instance, by the one survivor that took it over; `boards` may be empty. */
  onBoardsLost(listener: LostListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One beat then one scan; skipped while the previous one still runs (a slow Redis). */
  private tick(): Promise<void> {
    this.inFlight ??= this.beatAndScan().catch((err: Error) => this.options.onError?.(err))
      .finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  private async beatAndScan(): Promise<void> {
    const { keys, instanceId, ttlMs, reapLimit = 20 } = this.options;
    try {
      await this.redis.eval(HEARTBEAT, [keys.instances], [instanceId, ttlMs]);
    } catch (err) {
      this.beatingSince = undefined;
      throw err;
    }
    this.beatingSince ??= Date.now();
    // After a Redis outage every peer's heartbeat looks stale until it has reconnected too: judge nobody
    // before we have beaten for one TTL ourselves, or the first one back would reap all the others.
    if (Date.now() - this.beatingSince < ttlMs) return;
    const dead = await this.redis.eval(DEAD, [keys.instances], [instanceId, reapLimit]) as string[];
    for (const instance of dead) {
      const lost = await this.redis.eval(REAP, [keys.instances, keys.boards(instance)], [instance, keys.ownerPrefix]);
      if (lost !== null) this.emit(lost as string[], instance);
    }
  }

  private emit(boards: string[], instance: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(boards, instance);
      } catch (err) {
        this.options.onError?.(err as Error);
      }
    }
  }
}
