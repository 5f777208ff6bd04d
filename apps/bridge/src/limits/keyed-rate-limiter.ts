import { TokenBucket } from './token-bucket';

/**
 * One token bucket per key (a source address), for requests refused at the door. The map is bounded:
 * full buckets are the same as new ones and are dropped first; if every bucket is in use (a flood from
 * more addresses than `maxKeys`), the oldest go.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly rate: number, private readonly burst: number, private readonly maxKeys = 100_000,
    private readonly clock: () => number = Date.now) {}

  get size(): number {
    return this.buckets.size;
  }

  /** True when `key` may go on; false when it is over its rate (nothing is taken then). */
  allow(key: string): boolean {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      bucket = new TokenBucket(this.rate, this.burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake(now);
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
    const excess = this.buckets.size - Math.floor(this.maxKeys / 2);
    if (excess <= 0) return;
    let n = 0;
    for (const key of this.buckets.keys()) {
      if (n++ >= excess) break;
      this.buckets.delete(key);
    }
  }
}
