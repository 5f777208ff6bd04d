import { type DedupStore, MemoryDedupStore } from '../ingest/dedup-store';
import type { RedisConnection } from './redis-connection';
import type { RedisKeys } from './redis-keys';

export interface RedisDedupStoreOptions {
  keys: RedisKeys;
  /** Used while Redis is away; a MemoryDedupStore by default. */
  fallback?: DedupStore;
  /** Redis failed and the fallback answered: worth a (rate-limited) log line. */
  onDegraded?: (err: Error) => void;
}

/**
 * Event ids shared by every instance with `SET key 1 NX EX window` (bridge-contract §6: a message that
 * lands twice, on any instance, is published once).
 *
 * While Redis is away it falls back to this instance's memory rather than rejecting: a rejection would
 * refuse the board's upload or frame, and §6 puts "nothing acknowledged is dropped" above "published
 * once". The cost is a possible duplicate across instances during the outage.
 */
export class RedisDedupStore implements DedupStore {
  private readonly fallback: DedupStore;

  constructor(private readonly redis: RedisConnection, private readonly options: RedisDedupStoreOptions) {
    this.fallback = options.fallback ?? new MemoryDedupStore();
  }

  async firstSeen(id: string, windowSec: number): Promise<boolean> {
    // EX 0 is an error in Redis; a zero window means "no dedup", as in MemoryDedupStore.
    if (windowSec <= 0) return true;
    const key = this.options.keys.dedup(id);
    try {
      return (await this.redis.run('dedup', (c) => c.set(key, '1', 'EX', Math.ceil(windowSec), 'NX'))) === 'OK';
    } catch (err) {
      this.options.onDegraded?.(err as Error);
      return this.fallback.firstSeen(id, windowSec);
    }
  }

  async forget(id: string): Promise<void> {
    await this.fallback.forget(id);
    await this.redis.run('dedup-forget', (c) => c.del(this.options.keys.dedup(id)))
      .catch((err: Error) => this.options.onDegraded?.(err));
  }
}
