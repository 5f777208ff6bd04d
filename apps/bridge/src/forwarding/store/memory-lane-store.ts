import type { EventEnvelope } from '@board-bridge/board-protocol';
import { ForwardQueueFullError } from '../forwarding-errors';
import type { DeadLetter, DeadLetterInfo, Lane, LaneEntry } from '../forwarding-types';
import type { LaneStore, ReplayResult } from './lane-store';

interface MemoryLane {
  waiting: LaneEntry[];
  pending: Map<string, LaneEntry>;
}

/**
 * The lane store of a single instance without Redis: a bounded queue in this process (FORWARD_QUEUE_MAX
 * forwards over all lanes). Forwards still waiting when the process stops or crashes are lost; when the
 * queue is full, new forwards go straight to the dead letters (also in memory, capped).
 */
export class MemoryLaneStore implements LaneStore {
  readonly durable = false;
  private readonly lanes = new Map<string, MemoryLane>();
  private readonly cursors = new Map<string, number>();
  private dead: DeadLetter[] = [];
  private size = 0;
  private nextId = 1;

  constructor(private readonly capacity: number, private readonly deadCapacity: number) {}

  async enqueue(rule: string, roundRobin: boolean, lanes: readonly Lane[], envelope: EventEnvelope, queuedAt: number): Promise<void> {
    if (this.size + lanes.length > this.capacity) throw new ForwardQueueFullError(lanes[0]?.id ?? rule, this.capacity);
    let seq = 0;
    if (roundRobin) {
      seq = (this.cursors.get(rule) ?? 0) + 1;
      this.cursors.set(rule, seq);
    }
    for (const lane of lanes) this.push(lane.id, { id: String(this.nextId++), job: { v: 1, rule, lane: lane.id, seq, envelope, queuedAt } });
  }

  async acquire(): Promise<boolean> {
    return true;
  }

  async renew(): Promise<boolean> {
    return true;
  }

  async release(): Promise<void> {}

  /** After a stop and start in the same process: what was being worked on comes back first. */
  async claimOrphans(lane: string): Promise<LaneEntry[]> {
    return [...this.lane(lane).pending.values()];
  }

  async read(lane: string, max: number): Promise<LaneEntry[]> {
    const l = this.lane(lane);
    const out = l.waiting.splice(0, max);
    for (const e of out) l.pending.set(e.id, e);
    return out;
  }

  async ack(lane: string, id: string): Promise<void> {
    if (this.lane(lane).pending.delete(id)) this.size--;
  }

  async deadLetter(lane: string, entry: LaneEntry, info: DeadLetterInfo): Promise<void> {
    await this.ack(lane, entry.id);
    this.dead.push({ id: `d${this.nextId++}`, lane, job: entry.job, info });
    if (this.dead.length > this.deadCapacity) this.dead = this.dead.slice(-this.deadCapacity);
  }

  async depth(lane: string): Promise<number> {
    const l = this.lanes.get(lane);
    return l ? l.waiting.length + l.pending.size : 0;
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    return this.dead.slice(-limit).reverse();
  }

  async replay(ids: readonly string[] | undefined, lanes: ReadonlySet<string>): Promise<ReplayResult> {
    const result: ReplayResult = { replayed: [], skipped: [] };
    const wanted = ids ?? this.dead.map((d) => d.id);
    for (const id of wanted) {
      const d = this.dead.find((x) => x.id === id);
      if (!d) result.skipped.push({ id, reason: 'no such dead letter' });
      else if (!lanes.has(d.lane)) result.skipped.push({ id, reason: `lane ${d.lane} is not configured` });
      else {
        this.dead.splice(this.dead.indexOf(d), 1);
        this.push(d.lane, { id: String(this.nextId++), job: d.job });
        result.replayed.push(id);
      }
    }
    return result;
  }

  async close(): Promise<void> {}

  private push(lane: string, entry: LaneEntry): void {
    this.lane(lane).waiting.push(entry);
    this.size++;
  }

  private lane(id: string): MemoryLane {
    let l = this.lanes.get(id);
    if (!l) this.lanes.set(id, (l = { waiting: [], pending: new Map() }));
    return l;
  }
}
