/**
 * Send and arrival times of one batch of publications, by sequence number, on one clock
 * (performance.now() of the bench process, where both the publisher and the receivers run).
 */
export class LatencyRecorder {
  private readonly sentAt: Float64Array;
  private readonly latency: Float64Array;
  private readonly hits: Uint32Array;
  sent = 0;
  /** Arrivals, duplicates included. */
  received = 0;
  unique = 0;
  duplicates = 0;
  /** Arrivals whose sequence number was never published (would mean a correlation bug). */
  strays = 0;
  publishErrors = 0;
  /** performance.now() of the last arrival, to tell a stalled drain from a slow one. */
  lastArrival = 0;

  constructor(readonly capacity: number) {
    this.sentAt = new Float64Array(capacity);
    this.latency = new Float64Array(capacity);
    this.hits = new Uint32Array(capacity);
  }

  markSent(seq: number, t: number): void {
    this.sentAt[seq] = t;
    this.sent += 1;
  }

  markArrived(seq: number, t: number): void {
    this.lastArrival = t;
    if (!(seq >= 0 && seq < this.capacity) || this.sentAt[seq] === 0) {
      this.strays += 1;
      return;
    }
    this.received += 1;
    this.hits[seq] += 1;
    if (this.hits[seq] > 1) {
      this.duplicates += 1;
      return;
    }
    this.latency[this.unique] = t - this.sentAt[seq];
    this.unique += 1;
  }

  get complete(): boolean {
    return this.unique >= this.sent;
  }

  stats(): PathStats {
    const sorted = this.latency.slice(0, this.unique).sort();
    const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      sent: this.sent, received: this.received, unique: this.unique, lost: this.sent - this.unique,
      duplicates: this.duplicates, strays: this.strays, publishErrors: this.publishErrors,
      latencyMs: { p50: ms(at(0.5)), p90: ms(at(0.9)), p99: ms(at(0.99)), max: ms(sorted[sorted.length - 1] ?? NaN),
        mean: ms(sorted.length ? sum / sorted.length : NaN) },
    };
  }
}

/** One path's figures, as the report and the smoke test read them. */
export interface PathStats {
  sent: number;
  received: number;
  unique: number;
  lost: number;
  duplicates: number;
  strays: number;
  publishErrors: number;
  /** Nearest-rank percentiles of the first arrival of each publication; null when nothing arrived. */
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null };
}

const ms = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);
