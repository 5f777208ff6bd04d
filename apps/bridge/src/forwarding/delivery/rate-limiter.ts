import type { RateLimit } from '../../config/forwarding-schema';

/**
 * Sliding window: with `sent` the start times of recent requests (oldest first), how long until one
 * more fits, i.e. until fewer than `count` of them lie within the last `windowMs`. 0 when it fits now.
 */
export function delayUntilFree(sent: readonly number[], nowMs: number, limit: RateLimit): number {
  const inWindow = sent.filter((t) => t > nowMs - limit.windowMs);
  if (inWindow.length < limit.count) return 0;
  return inWindow[inWindow.length - limit.count] + limit.windowMs - nowMs;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Per-target rate limit that queues rather than drops (e.g. 20/min for a DingTalk bot): take() resolves
 * in call order, each when the window has room. One limiter per target on the instance holding its
 * lane, and a lane is held by one instance at a time, so the limit holds across instances.
 */
export class RateLimiter {
  private sent: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly limit: RateLimit, private readonly now: () => number = Date.now) {}

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves when a request may start; rejects with the signal's reason when aborted first. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (signal) {
        w.onAbort = () => this.drop(w, signal.reason);
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiters.length) {
      const now = this.now();
      this.sent = this.sent.filter((t) => t > now - this.limit.windowMs);
      const wait = delayUntilFree(this.sent, now, this.limit);
      if (wait > 0) {
        this.timer = setTimeout(() => { this.timer = undefined; this.pump(); }, wait);
        return;
      }
      const w = this.waiters.shift() as Waiter;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      this.sent.push(now);
      w.resolve();
    }
  }

  private drop(w: Waiter, reason: unknown): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
    w.reject(reason);
    if (!this.waiters.length && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
