import type { Logger } from 'pino';

/**
 * Logs a recurring problem once per key and interval (e.g. per board and minute), so a flood of bad
 * input cannot flood the log; the metric still counts every occurrence.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, number>();

  constructor(private readonly log: Logger, private readonly intervalMs = 60_000, private readonly maxKeys = 10_000) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const prev = this.last.get(key);
    if (prev !== undefined && now - prev < this.intervalMs) return;
    if (this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, now);
    this.log.warn(fields, message);
  }
}

/** Phone numbers are personal data: keep the last 4 digits at info level. */
export function maskNumber(n: unknown): string {
  const s = typeof n === 'string' || typeof n === 'number' ? String(n) : '';
  return s.length <= 4 ? '****' : `${'*'.repeat(Math.min(s.length - 4, 8))}${s.slice(-4)}`;
}
