import type { RetryPolicy } from '../forwarding-types';

/** Retry-After is honoured, but no receiver may park a forward for more than an hour at a time. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Delay before retry number `retry` (1 = the first retry): base × 2^(retry-1), capped at maxDelayMs,
 * with "equal jitter": a uniformly random point in the upper half, so instances that failed together do
 * not retry together, yet every wait is at least half the nominal one.
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(retry - 1, 0), 40));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
