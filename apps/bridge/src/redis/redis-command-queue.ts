import type { CommandQueue, QueuedCommand } from '../routing/routing-ports';
import { OWNER_RECORD_LUA } from './owner-record';
import { LuaScript, type RedisConnection } from './redis-connection';
import type { RedisKeys } from './redis-keys';

/*
 * Layout (names in redis-keys.ts): per board a list of entry ids, oldest first; one hash entry id → item
 * JSON; one sorted set entry id → deadline. An entry id is `<seq>:<board>`, so takeExpired finds the
 * board's list without decoding the item, and a requestId reused by a caller never collides.
 */

/**
 * Appends items in order; `head` = 1 puts them in front instead, still in their order (putBack).
 * KEYS: queue, items, deadlines, sequence. ARGV: board, head, then json, deadline pairs.
 */
const PUSH = new LuaScript('queue-push', `
local head = ARGV[2] == '1'
local first, last, step = 3, #ARGV - 1, 2
if head then first, last, step = #ARGV - 1, 3, -2 end
for i = first, last, step do
  local id = string.format('%d', redis.call('INCR', KEYS[4])) .. ':' .. ARGV[1]
  if head then redis.call('LPUSH', KEYS[1], id) else redis.call('RPUSH', KEYS[1], id) end
  redis.call('HSET', KEYS[2], id, ARGV[i])
  redis.call('ZADD', KEYS[3], ARGV[i + 1], id)
end
return 1`);

/**
 * The fence and the pop in one script: a session that lost its board (older epoch, or another instance)
 * takes nothing and leaves the queue as it is (bridge-contract §4: written at most once).
 * KEYS: owner, queue, items, deadlines. ARGV: instance, epoch, now. Returns nil or {ready, expired}.
 */
const TAKE = new LuaScript('queue-take', `${OWNER_RECORD_LUA}
if not owned(redis.call('GET', KEYS[1]), ARGV[1], ARGV[2]) then return false end
local ids = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
local ready, expired, now = {}, {}, tonumber(ARGV[3])
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[3], id)
  local deadline = tonumber(redis.call('ZSCORE', KEYS[4], id))
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
  if json then
    if deadline and deadline < now then expired[#expired + 1] = json else ready[#ready + 1] = json end
  end
end
return {ready, expired}`);

/**
 * Removes due entries from all three structures; atomic, so each goes to one caller only.
 * KEYS: items, deadlines. ARGV: now, limit, queue prefix.
 */
const TAKE_EXPIRED = new LuaScript('queue-take-expired', `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[1], id)
  local board = string.match(id, '^%d+:(.*)$')
  if board then redis.call('LREM', ARGV[3] .. board, 1, id) end
  if json then out[#out + 1] = json end
end
return out`);

export interface RedisCommandQueueOptions {
  keys: RedisKeys;
  now?: () => number;
}

/** CommandQueue on Redis, shared by every instance (bridge-contract §4: delivered wherever the board returns). */
export class RedisCommandQueue implements CommandQueue {
  private readonly now: () => number;

  constructor(private readonly redis: RedisConnection, private readonly options: RedisCommandQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  async push(item: QueuedCommand): Promise<void> {
    await this.write(item.request.board, [item], false);
  }

  async take(board: string, fence: { instance: string; epoch: number }):
    Promise<{ ready: QueuedCommand[]; expired: QueuedCommand[] }> {
    const k = this.options.keys;
    const out = await this.redis.eval(TAKE, [k.owner(board), k.queue(board), k.items, k.deadlines],
      [fence.instance, fence.epoch, this.now()]) as [string[], string[]] | null;
    return out ? { ready: out[0].map(decode), expired: out[1].map(decode) } : { ready: [], expired: [] };
  }

  async takeExpired(now: number, limit = 100): Promise<QueuedCommand[]> {
    const k = this.options.keys;
    const out = await this.redis.eval(TAKE_EXPIRED, [k.items, k.deadlines], [now, limit, k.queuePrefix]) as string[];
    return out.map(decode);
  }

  async putBack(board: string, items: QueuedCommand[]): Promise<void> {
    if (items.length) await this.write(board, items, true);
  }

  private async write(board: string, items: QueuedCommand[], head: boolean): Promise<void> {
    const k = this.options.keys;
    const pairs = items.flatMap((item) => [JSON.stringify(item), item.deadline]);
    await this.redis.eval(PUSH, [k.queue(board), k.items, k.deadlines, k.sequence], [board, head ? 1 : 0, ...pairs]);
  }
}

/** Items are written only by this class, so the JSON is ours; a parse error here is a bug, not input. */
function decode(json: string): QueuedCommand {
  return JSON.parse(json) as QueuedCommand;
}
