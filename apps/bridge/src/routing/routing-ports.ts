import type { CommandRequest } from '../commands/command-types';

/**
 * The shared state of scale-out (bridge-contract §1, §4, §6) as interfaces: one implementation in memory
 * for a single instance, one on Redis for many. Callers never learn which one runs.
 */

/** Who holds a board's TCP session, fenced by an epoch that grows on every (re)connect anywhere. */
export interface SessionOwner {
  instance: string;
  epoch: number;
  /** Epoch ms of the claim. */
  since: number;
}

/** Redis is down or answered an error: not the caller's fault, retry later (style rule 8). */
export class RoutingUnavailableError extends Error {
  readonly fault = 'unavailable' as const;
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RoutingUnavailableError';
  }
}

export interface SessionOwnership {
  /**
   * Atomically: increments the board's epoch, records this instance as owner with a lease, and tells the
   * previous owner (if another instance) to drop its now stale session (see InstanceChannel 'drop').
   * @returns the new epoch
   * @throws RoutingUnavailableError
   */
  claim(board: string): Promise<number>;
  /** Extends the lease (called on pings); false when the record is no longer ours at this epoch. */
  renew(board: string, epoch: number): Promise<boolean>;
  /** Compare-and-delete: removes the record only if it is still ours at this epoch. */
  release(board: string, epoch: number): Promise<void>;
  owner(board: string): Promise<SessionOwner | null>;
  /** True when `epoch` is the board's current epoch and the record names this instance (the write fence). */
  isCurrent(board: string, epoch: number): Promise<boolean>;
}

/** A command waiting in the shared queue of one board. */
export interface QueuedCommand {
  request: CommandRequest;
  /** Epoch ms after which it is `expired` (or `failed`/`offline` for a hand-off nobody picked up). */
  deadline: number;
  /** `offline`: waiting for the board (a `queued` reply was sent); `handoff`: on its way to the owner. */
  kind: 'offline' | 'handoff';
}

export interface CommandQueue {
  /** Appends to the board's queue, in order. @throws RoutingUnavailableError */
  push(item: QueuedCommand): Promise<void>;
  /**
   * Removes and returns every queued command of the board, oldest first, but only while `fence` is the
   * board's current owner (Redis: checked in the same atomic script), so a stale session takes nothing.
   * Items past their deadline are not returned as deliverable: they come back in `expired`.
   */
  take(board: string, fence: { instance: string; epoch: number }): Promise<{ ready: QueuedCommand[]; expired: QueuedCommand[] }>;
  /** Removes and returns items whose deadline passed; each item is returned to exactly one caller. */
  takeExpired(now: number, limit?: number): Promise<QueuedCommand[]>;
  /** Puts items back at the head, in order (their session vanished between take and write). */
  putBack(board: string, items: QueuedCommand[]): Promise<void>;
}

export type ControlMessage =
  /** Another instance claimed `board` at `epoch`: close the local session if its epoch is lower. */
  | { type: 'drop'; board: string; epoch: number }
  /** Commands for `board` wait in its queue: take them if you hold its session. */
  | { type: 'wake'; board: string };

/** Per-instance messages between bridge instances (Redis pub/sub; a loopback in memory). */
export interface InstanceChannel {
  send(instance: string, msg: ControlMessage): Promise<void>;
  onMessage(listener: (msg: ControlMessage) => void): () => void;
}

/**
 * Instances announce themselves with a heartbeat; when one stops, exactly one survivor takes over the
 * ownership records it left and reports its boards, to publish them `offline` with reason `instance-lost`.
 */
export interface InstanceRegistry {
  start(): Promise<void>;
  stop(): Promise<void>;
  onBoardsLost(listener: (boards: string[], instance: string) => void): () => void;
}

/** Whether shared state is in memory or on Redis, and whether Redis is reachable now (readiness). */
export interface SharedStateStatus {
  readonly mode: 'memory' | 'redis';
  readonly connected: boolean;
  /** Fires each time Redis is reachable again after an outage (not on the first connect). */
  onReconnect(listener: () => void): () => void;
}

/** Injection tokens. */
export const SESSION_OWNERSHIP = Symbol('SESSION_OWNERSHIP');
export const COMMAND_QUEUE = Symbol('COMMAND_QUEUE');
export const INSTANCE_CHANNEL = Symbol('INSTANCE_CHANNEL');
export const INSTANCE_REGISTRY = Symbol('INSTANCE_REGISTRY');
export const SHARED_STATE_STATUS = Symbol('SHARED_STATE_STATUS');
