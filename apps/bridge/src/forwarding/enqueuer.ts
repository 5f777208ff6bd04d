import type { EventEnvelope } from '@board-bridge/board-protocol';
import type { Logger } from 'pino';
import { RateLimitedLog } from '../logging/rate-limited-log';
import { SerialQueues } from '../routing/serial-queues';
import { ForwardQueueFullError } from './forwarding-errors';
import type { ForwardingMetrics } from './forwarding-metrics';
import type { ForwardRule, Lane } from './forwarding-types';
import type { LaneStore } from './store/lane-store';

export interface EnqueuerOptions {
  store: LaneStore;
  lanesByRule: ReadonlyMap<string, readonly Lane[]>;
  metrics: ForwardingMetrics;
  log: Logger;
  /** Forwards that may wait here for the store (Redis away) before new ones are dropped. */
  maxBuffered: number;
  /** A lane got a forward: its worker may look at once. */
  queued(lane: Lane): void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * Puts matched events into their lanes, one board at a time in arrival order. While Redis is away the
 * forwards wait here (bounded by FORWARD_QUEUE_MAX) and are retried; past the bound new ones are dropped
 * and counted. A full in-memory queue sends the forward straight to the dead letters.
 */
export class Enqueuer {
  private readonly chains = new SerialQueues();
  private readonly limited: RateLimitedLog;
  private buffered = 0;
  private closing = false;

  constructor(private readonly o: EnqueuerOptions) {
    this.limited = new RateLimitedLog(o.log, 30_000);
  }

  get waiting(): number {
    return this.buffered;
  }

  add(rules: readonly ForwardRule[], envelope: EventEnvelope): void {
    if (this.closing || this.buffered + rules.length > this.o.maxBuffered) {
      for (const r of rules) this.o.metrics.droppedTotal.inc({ rule: r.name, reason: this.closing ? 'shutdown' : 'buffer-full' });
      this.limited.warn('dropped', { rules: rules.length, eventId: envelope.eventId }, 'forwarding: forward dropped (buffer full or shutting down)');
      return;
    }
    this.buffered += rules.length;
    const queuedAt = Date.now();
    void this.chains.run(envelope.board, async () => {
      for (const rule of rules) {
        await this.enqueue(rule, envelope, queuedAt);
        this.buffered--;
      }
    });
  }

  /** Stops retrying; forwards still waiting for the store are given up (counted as dropped). */
  async close(waitMs: number): Promise<void> {
    const until = Date.now() + waitMs;
    while (this.buffered > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    this.closing = true;
  }

  private async enqueue(rule: ForwardRule, envelope: EventEnvelope, queuedAt: number): Promise<void> {
    const lanes = this.o.lanesByRule.get(rule.name) ?? [];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.o.store.enqueue(rule.name, rule.mode === 'round-robin', lanes, envelope, queuedAt);
        for (const lane of lanes) this.o.queued(lane);
        return;
      } catch (err) {
        if (err instanceof ForwardQueueFullError) return this.deadOnArrival(rule, lanes, envelope, queuedAt, err);
        if (this.closing) {
          this.o.metrics.droppedTotal.inc({ rule: rule.name, reason: 'shutdown' });
          return;
        }
        this.limited.warn('enqueue', { err, rule: rule.name }, 'forwarding: cannot queue forwards yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(attempt, 10))));
      }
    }
  }

  private async deadOnArrival(rule: ForwardRule, lanes: readonly Lane[], envelope: EventEnvelope, queuedAt: number,
    err: ForwardQueueFullError): Promise<void> {
    this.limited.warn('queue-full', { rule: rule.name, capacity: err.capacity }, 'forwarding: queue full; forward dead-lettered');
    for (const lane of lanes) {
      const job = { v: 1 as const, rule: rule.name, lane: lane.id, seq: 0, envelope, queuedAt };
      await this.o.store.deadLetter(lane.id, { id: '', job },
        { reason: err.message, fault: err.fault, attempts: 0, target: '', at: Date.now() }).catch(() => undefined);
      this.o.metrics.deadLetteredTotal.inc({ rule: rule.name, target: '' });
    }
  }
}
