import type { EventEnvelope } from '@board-bridge/board-protocol';
import type { DeadLetter, DeadLetterInfo, Lane, LaneEntry } from '../forwarding-types';

export interface ReplayResult {
  replayed: string[];
  skipped: { id: string; reason: string }[];
}

/**
 * Where forwards wait (docs/forwarding.md): Redis streams shared by every instance, or a bounded queue
 * in this process. A lane is worked on by the one instance holding its lease, so order per board and
 * target holds and no two instances send the same forward.
 */
export interface LaneStore {
  /** True when forwards survive a crash of this process (Redis). */
  readonly durable: boolean;
  /**
   * Queues one message for the lanes of one rule (all at once); a round-robin rule's message takes the
   * next value of the rule's shared cursor as its turn.
   * @throws ForwardQueueFullError (memory) when the queue is full
   * @throws RoutingUnavailableError (Redis) when Redis cannot be reached: retry later
   */
  enqueue(rule: string, roundRobin: boolean, lanes: readonly Lane[], envelope: EventEnvelope, queuedAt: number): Promise<void>;
  /** Takes the lane's lease if nobody else holds it. */
  acquire(lane: string): Promise<boolean>;
  /** Extends the lease; false when it is no longer ours. */
  renew(lane: string): Promise<boolean>;
  release(lane: string): Promise<void>;
  /** Everything a previous holder left pending (a crash), oldest first; call right after acquire. */
  claimOrphans(lane: string): Promise<LaneEntry[]>;
  /** Up to `max` forwards not yet handed to anyone, oldest first. */
  read(lane: string, max: number): Promise<LaneEntry[]>;
  /** Done: delivered. */
  ack(lane: string, id: string): Promise<void>;
  /** Done: failed for good; kept in the dead-letter list (capped, oldest dropped first). */
  deadLetter(lane: string, entry: LaneEntry, info: DeadLetterInfo): Promise<void>;
  /** Forwards of the lane not done yet (waiting and in progress). */
  depth(lane: string): Promise<number>;
  /** Newest first. */
  listDeadLetters(limit: number): Promise<DeadLetter[]>;
  /** Queues dead letters again (all when `ids` is undefined) whose lane still exists in `lanes`. */
  replay(ids: readonly string[] | undefined, lanes: ReadonlySet<string>): Promise<ReplayResult>;
  close(): Promise<void>;
}
