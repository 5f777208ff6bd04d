import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryObserver } from './delivery/deliver';

export interface LaneDepth {
  rule: string;
  /** The target's config name, or `*` for a round-robin lane (one queue for all its targets). */
  target: string;
  depth: number;
}

/**
 * Forwarding metrics, on the bridge's registry. Labels are config names only (rule, target) and
 * bounded failure kinds: never a URL (bot URLs hold tokens), a board id or message content.
 */
export class ForwardingMetrics implements DeliveryObserver {
  readonly sentTotal: Counter;
  readonly failedTotal: Counter;
  readonly retriedTotal: Counter;
  readonly deadLetteredTotal: Counter;
  readonly droppedTotal: Counter;
  readonly requestSeconds: Histogram;
  readonly delaySeconds: Histogram;
  readonly queueDepth: Gauge;
  private depthSource: () => Promise<LaneDepth[]> = async () => [];

  constructor(registry: Registry) {
    const registers = [registry];
    const rt = ['rule', 'target'];
    this.sentTotal = new Counter({ name: 'bridge_forward_sent_total', help: 'Forwards delivered (2xx)', labelNames: rt, registers });
    this.failedTotal = new Counter({ name: 'bridge_forward_failed_total', help: 'Failed forward attempts, by kind',
      labelNames: [...rt, 'reason'], registers });
    this.retriedTotal = new Counter({ name: 'bridge_forward_retried_total',
      help: 'Attempts after the first (round-robin: labelled with the target tried next)', labelNames: rt, registers });
    this.deadLetteredTotal = new Counter({ name: 'bridge_forward_dead_lettered_total',
      help: 'Forwards moved to the dead letters (target: the last one tried)', labelNames: rt, registers });
    this.droppedTotal = new Counter({ name: 'bridge_forward_dropped_total',
      help: 'Forwards never queued (local buffer full while Redis was away, or shutdown)', labelNames: ['rule', 'reason'], registers });
    this.requestSeconds = new Histogram({ name: 'bridge_forward_request_seconds', help: 'Duration of a successful request',
      labelNames: rt, registers, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    this.delaySeconds = new Histogram({ name: 'bridge_forward_delivery_delay_seconds',
      help: 'Queued → delivered, retries and rate limits included', labelNames: rt, registers,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800] });
    this.queueDepth = new Gauge({ name: 'bridge_forward_queue_depth', help: 'Forwards waiting or in progress, per lane',
      labelNames: rt, registers, collect: () => this.collectDepth() });
  }

  measureDepth(source: () => Promise<LaneDepth[]>): void {
    this.depthSource = source;
  }

  sent(rule: string, target: string, requestSeconds: number, queuedAt: number): void {
    this.sentTotal.inc({ rule, target });
    this.requestSeconds.observe({ rule, target }, requestSeconds);
    this.delaySeconds.observe({ rule, target }, Math.max(0, Date.now() - queuedAt) / 1000);
  }

  failed(rule: string, target: string, reason: string): void {
    this.failedTotal.inc({ rule, target, reason });
  }

  retried(rule: string, target: string): void {
    this.retriedTotal.inc({ rule, target });
  }

  private async collectDepth(): Promise<void> {
    try {
      for (const d of await this.depthSource()) this.queueDepth.set({ rule: d.rule, target: d.target }, d.depth);
    } catch { /* Redis away: the last values stay; /readyz tells why */ }
  }
}
