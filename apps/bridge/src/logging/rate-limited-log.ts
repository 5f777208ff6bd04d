import type { Logger } from 'pino';

/**
 * Logs a recurring problem once per key and interval (e.g. per kind, source address and minute), so a
 * flood of bad input cannot flood the log; the metric still counts every occurrence. The key set is
 * bounded: expired keys go first, and only when every key is live does the set start over.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, number>();

  constructor(private readonly log: Logger, private readonly intervalMs = 60_000, private readonly maxKeys = 10_000,
    private readonly clock: () => number = Date.now) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.clock();
    const prev = this.last.get(key);
    if (prev !== undefined && now - prev < this.intervalMs) return;
    if (this.last.size >= this.maxKeys) this.prune(now);
    this.last.delete(key);
    this.last.set(key, now);
    this.log.warn(fields, message);
  }

  /** The map is in insertion order, and a key is re-inserted when it logs: the oldest come first. */
  private prune(now: number): void {
    for (const [key, at] of this.last) {
      if (now - at < this.intervalMs) break;
      this.last.delete(key);
    }
    if (this.last.size >= this.maxKeys) this.last.clear();
  }
}

/** Phone numbers are personal data: keep the last 4 digits at info level (moved to personal-data.ts). */
export { maskNumber } from './personal-data';
