/**
 * Remembers event ids for a window, so a board message delivered twice is published once
 * (bridge-contract §6). In memory for one instance; the Redis implementation (SET NX EX) shares it.
 */
export interface DedupStore {
  /** True the first time `id` is seen within `windowSec`; false for a repeat. */
  firstSeen(id: string, windowSec: number): Promise<boolean>;
  /** Forgets `id`, e.g. when its publication could not be accepted, so a resend is not swallowed. */
  forget(id: string): Promise<void>;
}

export const DEDUP_STORE = Symbol('DEDUP_STORE');

export class MemoryDedupStore implements DedupStore {
  /** id → expiry (ms). Map keeps insertion order, so with one window the oldest expire first. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly maxEntries = 1_000_000) {}

  async firstSeen(id: string, windowSec: number): Promise<boolean> {
    const now = this.now();
    this.prune(now);
    const expiry = this.seen.get(id);
    if (expiry !== undefined && expiry > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + windowSec * 1000);
    return true;
  }

  async forget(id: string): Promise<void> {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    for (const [id, expiry] of this.seen) {
      if (expiry > now && this.seen.size <= this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
