/**
 * Why one attempt of a forward failed, split by whose fault it is (style.md rule 8). Messages name the
 * target by its config name and never hold the URL (bot URLs carry access tokens) or message content.
 * - `unavailable`: the receiver is down, slow or overloaded (network error, timeout, 408, 429, 5xx, a
 *   bot's rate-limit code): retried with backoff;
 * - `refused`: the receiver answered and said no (other 4xx, 3xx, a bot's error code): not retried; fix
 *   the receiver or the rule, then replay the dead letter;
 * - `config`: the rule cannot produce a request for this event (e.g. a URL that does not parse after
 *   its placeholders are filled in).
 */
export type ForwardFault = 'unavailable' | 'refused' | 'config';

/** Bounded `reason` label of bridge_forward_failed_total. */
export type FailureKind = 'network' | 'timeout' | 'status-5xx' | 'status-429' | 'status-4xx' | 'status-3xx' | 'bot-error'
  | 'bot-rate-limit' | 'render';

export abstract class ForwardError extends Error {
  abstract readonly fault: ForwardFault;
  abstract readonly retryable: boolean;

  constructor(readonly target: string, readonly kind: FailureKind, message: string,
    readonly details: { status?: number; retryAfterMs?: number; code?: string } = {}, options?: { cause?: unknown }) {
    super(`${message} (target ${target})`, options);
    this.name = new.target.name;
  }
}

export class ForwardUnavailableError extends ForwardError {
  readonly fault = 'unavailable' as const;
  readonly retryable = true;
}

export class ForwardRefusedError extends ForwardError {
  readonly fault = 'refused' as const;
  readonly retryable = false;
}

export class ForwardConfigError extends ForwardError {
  readonly fault = 'config' as const;
  readonly retryable = false;
}

/** The in-memory queue (no Redis) is full: the forward goes to the dead letters at once. */
export class ForwardQueueFullError extends Error {
  readonly fault = 'unavailable' as const;
  constructor(readonly lane: string, readonly capacity: number) {
    super(`forwarding queue full (${capacity} forwards waiting) for lane ${lane}`);
    this.name = 'ForwardQueueFullError';
  }
}
