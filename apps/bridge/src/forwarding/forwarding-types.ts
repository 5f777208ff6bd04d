import type { AesCodec, BoardUploadEncoding, EventEnvelope } from '@board-bridge/board-protocol';
import type { RateLimit } from '../config/forwarding-schema';

export type ForwardFormat = 'board' | 'event' | 'template';
export type BotTemplate = 'dingtalk' | 'wecom' | 'feishu';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One receiver; `name` (from config) is its only label in metrics and logs, never the URL. */
export interface ForwardTarget {
  name: string;
  /** May hold `{{…}}` placeholders after the origin (board-protocol §1.1). */
  url: string;
  origin: string;
  rateLimit?: RateLimit;
  headers: Readonly<Record<string, string>>;
}

/** A rule of the config's `forwarding:` section, resolved once at start. */
export interface ForwardRule {
  name: string;
  events?: ReadonlySet<string>;
  boards?: readonly RegExp[];
  slots?: ReadonlySet<number>;
  mode: 'round-robin' | 'broadcast';
  format: ForwardFormat;
  encoding: BoardUploadEncoding;
  aes?: AesCodec;
  template?: BotTemplate | 'custom';
  text?: string;
  body?: unknown;
  botSecret?: string;
  secret?: string;
  timeoutMs: number;
  connections: number;
  retry: RetryPolicy;
  targets: readonly ForwardTarget[];
}

/**
 * The unit of ordering, leasing and queueing: a round-robin rule is one lane over all its targets; a
 * broadcast rule has one lane per target, so a slow receiver never holds back the others.
 */
export interface Lane {
  /** `<rule>` or `<rule>/<target>`; part of the Redis key. */
  id: string;
  rule: ForwardRule;
  targets: readonly ForwardTarget[];
  /** The `target` label of the lane's queue depth: the target's name, or `*` for a round-robin lane. */
  label: string;
}

/** What waits in a lane: the event and, for round-robin, its turn (the shared cursor's value). */
export interface ForwardJob {
  v: 1;
  rule: string;
  lane: string;
  /** Round-robin: the value of the rule's cursor (INCR) for this message; 0 for broadcast. */
  seq: number;
  envelope: EventEnvelope;
  /** Epoch ms when the bridge queued it. */
  queuedAt: number;
}

export interface LaneEntry {
  /** Stream entry id (Redis) or a counter (memory). */
  id: string;
  job: ForwardJob;
}

/** Why a forward ended in the dead-letter list. */
export interface DeadLetterInfo {
  reason: string;
  fault: string;
  attempts: number;
  /** Name of the last target tried (empty when none was). */
  target: string;
  status?: number;
  at: number;
}

export interface DeadLetter {
  id: string;
  lane: string;
  job: ForwardJob;
  info: DeadLetterInfo;
}
