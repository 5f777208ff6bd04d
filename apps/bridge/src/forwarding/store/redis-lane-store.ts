import type { EventEnvelope } from '@board-bridge/board-protocol';
import { LuaScript, type RedisClient, type RedisConnection } from '../../redis/redis-connection';
import type { DeadLetter, DeadLetterInfo, ForwardJob, Lane, LaneEntry } from '../forwarding-types';
import { type ForwardingKeys, GROUP } from './forwarding-keys';
import type { LaneStore, ReplayResult } from './lane-store';
import { decodeDead, decodeEntry, type StreamEntry } from './stream-codec';

/** KEYS: cursor, lane streams…; ARGV: round-robin (1/0), job JSON. The turn and the entries in one step. */
const ENQUEUE = new LuaScript('forward-enqueue', `
local seq = 0
if ARGV[1] == '1' then seq = redis.call('INCR', KEYS[1]) end
for i = 2, #KEYS do redis.call('XADD', KEYS[i], '*', 'seq', seq, 'job', ARGV[2]) end
return seq`);
/** KEYS: lease; ARGV: instance, ms. Free or already ours (a restart under the same id). */
const ACQUIRE = new LuaScript('forward-lease-acquire', `
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`);
const RENEW = new LuaScript('forward-lease-renew', `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`);
const RELEASE = new LuaScript('forward-lease-release', `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`);
/** KEYS: dead, lane; ARGV: dead id, seq, job. XDEL first, so two replays of one id queue it once. */
const REPLAY = new LuaScript('forward-replay', `
if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'seq', ARGV[2], 'job', ARGV[3])
return 1`);

interface AckBatch {
  ids: string[];
  done: Promise<void>;
}

export interface RedisLaneStoreOptions {
  keys: ForwardingKeys;
  /** Consumer name in the group: the instance id. */
  instance: string;
  leaseMs: number;
  deadCapacity: number;
}

/**
 * Lanes as Redis streams read through one consumer group shared by every instance (XREADGROUP, XACK),
 * each lane worked on by the holder of its lease; a new holder first takes over (XAUTOCLAIM) whatever
 * the previous one left pending, so a crash loses nothing. Finished entries are deleted (XACK + XDEL),
 * so a stream's length is its depth. Dead letters go to one capped stream (XADD MAXLEN ~).
 */
export class RedisLaneStore implements LaneStore {
  readonly durable = true;
  private readonly groups = new Set<string>();
  private readonly acks = new Map<string, AckBatch>();

  constructor(private readonly redis: RedisConnection, private readonly o: RedisLaneStoreOptions) {}

  async enqueue(rule: string, roundRobin: boolean, lanes: readonly Lane[], envelope: EventEnvelope, queuedAt: number): Promise<void> {
    const job: Omit<ForwardJob, 'seq' | 'lane'> = { v: 1, rule, envelope, queuedAt };
    const keys = [this.o.keys.cursor(rule), ...lanes.map((l) => this.o.keys.lane(l.id))];
    await this.redis.eval(ENQUEUE, keys, [roundRobin ? 1 : 0, JSON.stringify(job)]);
  }

  async acquire(lane: string): Promise<boolean> {
    const ok = await this.redis.eval(ACQUIRE, [this.o.keys.lease(lane)], [this.o.instance, this.o.leaseMs]) === 1;
    if (ok) await this.ensureGroup(lane);
    return ok;
  }

  async renew(lane: string): Promise<boolean> {
    return await this.redis.eval(RENEW, [this.o.keys.lease(lane)], [this.o.instance, this.o.leaseMs]) === 1;
  }

  async release(lane: string): Promise<void> {
    await this.redis.eval(RELEASE, [this.o.keys.lease(lane)], [this.o.instance]);
  }

  async claimOrphans(lane: string): Promise<LaneEntry[]> {
    const out: LaneEntry[] = [];
    let cursor = '0-0';
    do {
      const reply = await this.redis.run('forward-claim', (c) =>
        c.xautoclaim(this.o.keys.lane(lane), GROUP, this.o.instance, 0, cursor, 'COUNT', 500)) as [string, StreamEntry[]];
      cursor = reply[0];
      for (const e of reply[1]) if (e) out.push(decodeEntry(lane, e));
    } while (cursor !== '0-0');
    return out;
  }

  async read(lane: string, max: number): Promise<LaneEntry[]> {
    const key = this.o.keys.lane(lane);
    const read = (c: RedisClient) => c.xreadgroup('GROUP', GROUP, this.o.instance, 'COUNT', max, 'STREAMS', key, '>');
    let reply: unknown;
    try {
      reply = await this.redis.run('forward-read', read);
    } catch (err) {
      if (!String((err as Error).message).includes('NOGROUP')) throw err;
      this.groups.delete(lane); // the stream was deleted (FLUSHALL, DEL): make the group again
      await this.ensureGroup(lane);
      reply = await this.redis.run('forward-read', read);
    }
    const streams = reply as [string, StreamEntry[]][] | null;
    return (streams?.[0]?.[1] ?? []).flatMap((e) => (e ? [decodeEntry(lane, e)] : []));
  }

  /** Batched: the acks of one turn of the event loop go out as one XACK + XDEL per lane. */
  ack(lane: string, id: string): Promise<void> {
    let batch = this.acks.get(lane);
    if (!batch) {
      const created: AckBatch = { ids: [], done: new Promise((resolve, reject) => {
        setImmediate(() => {
          this.acks.delete(lane);
          this.flushAcks(lane, created.ids).then(resolve, reject);
        });
      }) };
      this.acks.set(lane, (batch = created));
    }
    batch.ids.push(id);
    return batch.done;
  }

  private async flushAcks(lane: string, ids: string[]): Promise<void> {
    const key = this.o.keys.lane(lane);
    await this.redis.run('forward-ack', (c) => c.multi().xack(key, GROUP, ...ids).xdel(key, ...ids).exec());
  }

  async deadLetter(lane: string, entry: LaneEntry, info: DeadLetterInfo): Promise<void> {
    const key = this.o.keys.lane(lane);
    const { seq, ...job } = entry.job;
    await this.redis.run('forward-dead-letter', (c) => c.multi()
      .xadd(this.o.keys.dead, 'MAXLEN', '~', this.o.deadCapacity, '*', 'lane', lane, 'seq', seq, 'job', JSON.stringify(job),
        'info', JSON.stringify(info))
      .xack(key, GROUP, entry.id).xdel(key, entry.id).exec());
  }

  depth(lane: string): Promise<number> {
    return this.redis.run('forward-depth', (c) => c.xlen(this.o.keys.lane(lane)));
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    const rows = await this.redis.run('forward-dead-list', (c) => c.xrevrange(this.o.keys.dead, '+', '-', 'COUNT', limit));
    return rows.map(decodeDead);
  }

  async replay(ids: readonly string[] | undefined, lanes: ReadonlySet<string>): Promise<ReplayResult> {
    const rows = ids ? await this.deadByIds(ids) : await this.redis.run('forward-dead-all', (c) =>
      c.xrange(this.o.keys.dead, '-', '+', 'COUNT', this.o.deadCapacity * 2));
    const found = rows.map(decodeDead);
    const result: ReplayResult = { replayed: [], skipped: [] };
    for (const id of ids ?? []) if (!found.some((d) => d.id === id)) result.skipped.push({ id, reason: 'no such dead letter' });
    for (const d of found) {
      if (!lanes.has(d.lane)) { result.skipped.push({ id: d.id, reason: `lane ${d.lane} is not configured` }); continue; }
      const { seq, ...job } = d.job;
      const moved = await this.redis.eval(REPLAY, [this.o.keys.dead, this.o.keys.lane(d.lane)], [d.id, seq, JSON.stringify(job)]);
      if (moved === 1) result.replayed.push(d.id);
      else result.skipped.push({ id: d.id, reason: 'replayed meanwhile' });
    }
    return result;
  }

  /** Closes the store's own Redis connection. */
  async close(): Promise<void> {
    await this.redis.close();
  }

  private async deadByIds(ids: readonly string[]): Promise<[string, string[]][]> {
    const valid = ids.filter((id) => /^\d{1,20}-\d{1,20}$/.test(id));
    const rows = await Promise.all(valid.map((id) =>
      this.redis.run('forward-dead-get', (c) => c.xrange(this.o.keys.dead, id, id))));
    return rows.flat();
  }

  private async ensureGroup(lane: string): Promise<void> {
    if (this.groups.has(lane)) return;
    await this.redis.run('forward-group', async (c) => {
      try {
        await c.xgroup('CREATE', this.o.keys.lane(lane), GROUP, '0', 'MKSTREAM');
      } catch (err) {
        if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
      }
    });
    this.groups.add(lane);
  }
}
