import { type ForwardError, ForwardConfigError } from '../forwarding-errors';
import type { ForwardJob, ForwardRule, ForwardTarget, Lane } from '../forwarding-types';
import { type OutgoingRequest, renderRequest } from '../render/render-request';
import { backoffDelay } from './backoff';
import { classifyAnswer, classifyFailure } from './classify';
import type { HttpAnswer } from './classify';
import type { SendOptions } from './http-sender';

/** What delivery reports, for metrics. Labels are config names only (rule, target, failure kind). */
export interface DeliveryObserver {
  sent(rule: string, target: string, requestSeconds: number, queuedAt: number): void;
  failed(rule: string, target: string, kind: string): void;
  retried(rule: string, target: string): void;
}

export interface DeliveryDeps {
  send(req: OutgoingRequest, opts: SendOptions): Promise<HttpAnswer>;
  /** Resolves when the target's rate limit lets a request start; none for targets without a limit. */
  rateLimit(target: ForwardTarget, signal: AbortSignal): Promise<void>;
  observer: DeliveryObserver;
  boardName(board: string): string | undefined;
  now(): number;
  random(): number;
  /** Resolves true after `ms`, false as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

export interface DeliveryControl {
  /** Shutdown or a lost lease: stop waiting and start no attempt; the forward stays pending for whoever takes the lane. */
  signal: AbortSignal;
  /** Also cuts a request on the wire (lease lost, or the shutdown budget ran out). */
  requestSignal: AbortSignal;
  /** Checked before each attempt: false once this instance may no longer hold the lane. */
  mayAttempt(): boolean;
}

export type DeliveryOutcome =
  | { kind: 'sent'; target: string; attempts: number }
  | { kind: 'dead'; target: string; attempts: number; error: ForwardError }
  | { kind: 'abandoned' };

const ABANDONED: DeliveryOutcome = { kind: 'abandoned' };

/**
 * Delivers one forward. Attempt k goes to target (seq + k) mod n: in a round-robin lane a failing target
 * is skipped for this message and the next one tried at once; after a whole round of failures (at once
 * for a broadcast lane's single target) the next attempt waits for the backoff and any Retry-After.
 * A round in which every target refused (4xx) ends it: retrying cannot help. After `attempts` tries
 * the forward is dead.
 */
export async function deliver(job: ForwardJob, lane: Lane, deps: DeliveryDeps, ctl: DeliveryControl): Promise<DeliveryOutcome> {
  const { rule, targets } = lane;
  const notBefore = new Map<string, number>();
  let last: { target: string; error: ForwardError } | undefined;
  let roundRetryable = false;
  let k = 0;
  for (; k < rule.retry.attempts; k++) {
    const target = targets[(job.seq + k) % targets.length];
    if (k > 0 && k % targets.length === 0) {
      if (!roundRetryable) break;
      roundRetryable = false;
    }
    if (k > 0) deps.observer.retried(rule.name, target.name);
    if (!(await waitTurn(k, lane, target, notBefore, deps, ctl))) return ABANDONED;
    const started = deps.now();
    const error = await attemptOnce(job, rule, target, deps, ctl.requestSignal);
    // A request that completed still counts when only the waits were called off (shutdown drains).
    if (ctl.requestSignal.aborted) return ABANDONED;
    if (!error) {
      deps.observer.sent(rule.name, target.name, (deps.now() - started) / 1000, job.queuedAt);
      return { kind: 'sent', target: target.name, attempts: k + 1 };
    }
    deps.observer.failed(rule.name, target.name, error.kind);
    last = { target: target.name, error };
    roundRetryable ||= error.retryable;
    if (error.details.retryAfterMs !== undefined) notBefore.set(target.name, deps.now() + error.details.retryAfterMs);
  }
  return last ? { kind: 'dead', attempts: k, ...last } : ABANDONED;
}

/** Backoff (after a full round), Retry-After, then the rate limit; false when aborted meanwhile. */
async function waitTurn(k: number, lane: Lane, target: ForwardTarget, notBefore: Map<string, number>,
  deps: DeliveryDeps, ctl: DeliveryControl): Promise<boolean> {
  const n = lane.targets.length;
  const backoff = k > 0 && k % n === 0 ? backoffDelay(k / n, lane.rule.retry, deps.random) : 0;
  const wait = Math.max(backoff, (notBefore.get(target.name) ?? 0) - deps.now());
  if (wait > 0 && !(await deps.sleep(wait, ctl.signal))) return false;
  try {
    await deps.rateLimit(target, ctl.signal);
  } catch {
    return false;
  }
  return !ctl.signal.aborted && ctl.mayAttempt();
}

async function attemptOnce(job: ForwardJob, rule: ForwardRule, target: ForwardTarget, deps: DeliveryDeps,
  signal: AbortSignal): Promise<ForwardError | null> {
  const now = deps.now();
  let req: OutgoingRequest;
  try {
    req = renderRequest(job, rule, target, now, deps.boardName(job.envelope.board));
    new URL(req.url);
  } catch (err) {
    return new ForwardConfigError(target.name, 'render', 'cannot build the request', {}, { cause: err });
  }
  const bot = rule.format === 'template' && rule.template !== 'custom' ? rule.template : undefined;
  try {
    const answer = await deps.send(req, { timeoutMs: rule.timeoutMs, connections: rule.connections, readBody: !!bot, signal });
    return classifyAnswer(target.name, answer, deps.now(), bot);
  } catch (err) {
    return classifyFailure(target.name, err, rule.timeoutMs);
  }
}
