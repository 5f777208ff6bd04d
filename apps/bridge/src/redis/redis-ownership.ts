import type { SessionOwner, SessionOwnership } from '../routing/routing-ports';
import { OWNER_RECORD_LUA, parseOwnerRecord } from './owner-record';
import { LuaScript, type RedisConnection } from './redis-connection';
import type { RedisKeys } from './redis-keys';

/**
 * Claim, all in one script so no other instance sees a half-done hand-over (bridge-contract §4: each
 * command is written by the one instance that holds the session): bump the epoch, write our record with
 * a lease, move the board between the instances' board sets, and tell the previous owner to drop its
 * session. KEYS: epoch, owner, our board set. ARGV: instance, board, now, leaseMs, boards prefix,
 * channel prefix.
 */
const CLAIM = new LuaScript('claim', `${OWNER_RECORD_LUA}
local epoch = redis.call('INCR', KEYS[1])
local prev = owner_of(redis.call('GET', KEYS[2]))
local record = cjson.encode({instance = ARGV[1], epoch = epoch, since = tonumber(ARGV[3])})
redis.call('SET', KEYS[2], record, 'PX', ARGV[4])
redis.call('SADD', KEYS[3], ARGV[2])
if prev and prev.instance ~= ARGV[1] then
  redis.call('SREM', ARGV[5] .. prev.instance, ARGV[2])
  redis.call('PUBLISH', ARGV[6] .. prev.instance, cjson.encode({type = 'drop', board = ARGV[2], epoch = epoch}))
end
return epoch`);

/** Extends the lease only while the record is ours at this epoch. KEYS: owner. ARGV: instance, epoch, leaseMs. */
const RENEW = new LuaScript('renew', `${OWNER_RECORD_LUA}
if owned(redis.call('GET', KEYS[1]), ARGV[1], ARGV[2]) then
  return redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 0`);

/**
 * Compare-and-delete. With no record at all (the lease ran out) the board still leaves our set; a record
 * of ours at another epoch belongs to a newer session and stays. KEYS: owner, our board set.
 * ARGV: instance, epoch, board.
 */
const RELEASE = new LuaScript('release', `${OWNER_RECORD_LUA}
local raw = redis.call('GET', KEYS[1])
if owned(raw, ARGV[1], ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
  return 1
end
if not raw then redis.call('SREM', KEYS[2], ARGV[3]) end
return 0`);

export interface RedisOwnershipOptions {
  instanceId: string;
  keys: RedisKeys;
  /** Lease of an owner record: the board's liveness window (3 × PING_INTERVAL_SEC + LIVENESS_SLACK_SEC). */
  leaseMs: number;
  now?: () => number;
}

/** SessionOwnership on Redis: epochs fence writes across instances (bridge-contract §4, §6). */
export class RedisOwnership implements SessionOwnership {
  private readonly now: () => number;

  constructor(private readonly redis: RedisConnection, private readonly options: RedisOwnershipOptions) {
    this.now = options.now ?? Date.now;
  }

  async claim(board: string): Promise<number> {
    const { keys, instanceId, leaseMs } = this.options;
    const epoch = await this.redis.eval(CLAIM, [keys.epoch(board), keys.owner(board), keys.boards(instanceId)],
      [instanceId, board, this.now(), leaseMs, keys.boardsPrefix, keys.channelPrefix]);
    return Number(epoch);
  }

  async renew(board: string, epoch: number): Promise<boolean> {
    const { keys, instanceId, leaseMs } = this.options;
    return (await this.redis.eval(RENEW, [keys.owner(board)], [instanceId, epoch, leaseMs])) === 1;
  }

  async release(board: string, epoch: number): Promise<void> {
    const { keys, instanceId } = this.options;
    await this.redis.eval(RELEASE, [keys.owner(board), keys.boards(instanceId)], [instanceId, epoch, board]);
  }

  async owner(board: string): Promise<SessionOwner | null> {
    return parseOwnerRecord(await this.redis.run('owner', (c) => c.get(this.options.keys.owner(board))));
  }

  async isCurrent(board: string, epoch: number): Promise<boolean> {
    const rec = await this.owner(board);
    return rec !== null && rec.instance === this.options.instanceId && rec.epoch === epoch;
  }
}
