/**
 * A token bucket: `rate` tokens per second, at most `burst` kept. Time is passed in (milliseconds), so
 * the bucket is pure and its tests need no clock.
 *
 * Two ways to spend: `tryTake` refuses when the bucket is empty (an HTTP request answered 429 before any
 * work), `charge` always takes and may run into debt (TCP frames already read from the socket are never
 * dropped, bridge-contract §6; the debt says how long to stop reading instead).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(readonly rate: number, readonly burst: number, now: number) {
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst >= 1 (${rate}, ${burst})`);
    this.tokens = burst;
    this.at = now;
  }

  /** Tokens available at `now`; negative while in debt. */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** True when the bucket has refilled completely: it is then no different from a new one. */
  isFull(now: number): boolean {
    return this.level(now) >= this.burst;
  }

  /** Takes `n` tokens if there are that many; false (nothing taken) otherwise. */
  tryTake(now: number, n = 1): boolean {
    if (this.level(now) < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Takes `n` tokens even into debt. */
  charge(now: number, n = 1): void {
    this.refill(now);
    this.tokens -= n;
  }

  /** Milliseconds until the debt is paid back (0 when not in debt). */
  debtMs(now: number): number {
    const level = this.level(now);
    return level >= 0 ? 0 : Math.ceil((-level / this.rate) * 1000);
  }

  private refill(now: number): void {
    // A clock that steps back must not mint tokens later: only time moving forward counts.
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
      this.at = now;
    }
  }
}
