import type { EventEnvelope } from '@board-bridge/board-protocol';
import type { Logger } from 'pino';
import type { BoardDirectory } from '../boards/board-directory';
import type { IngestOutcome } from '../ingest/ingest';
import { RateLimitedLog } from '../logging/rate-limited-log';
import { deliver, type DeliveryDeps } from './delivery/deliver';
import { HttpSender } from './delivery/http-sender';
import { RateLimiter } from './delivery/rate-limiter';
import { Enqueuer } from './enqueuer';
import type { ForwardingMetrics } from './forwarding-metrics';
import type { DeadLetter, ForwardRule, Lane } from './forwarding-types';
import { LaneWorker } from './lane-worker';
import { lanesByRule, lanesOf, ruleMatches } from './rules';
import type { LaneStore, ReplayResult } from './store/lane-store';

export interface ForwardingServiceOptions {
  rules: readonly ForwardRule[];
  store: LaneStore;
  boards: BoardDirectory;
  metrics: ForwardingMetrics;
  log: Logger;
  window: number;
  pollMs: number;
  leaseMs: number;
  queueMax: number;
}

/** What the HTTP API shows of a dead letter: where and why, not the message's content. */
export interface DeadLetterView {
  id: string;
  rule: string;
  lane: string;
  board: string;
  event: string;
  eventId: string;
  receivedAt: string;
  reason: string;
  fault: string;
  attempts: number;
  target: string;
  status?: number;
  deadAt: string;
}

/**
 * Forwarding (docs/forwarding.md): events accepted by ingest (not duplicates) that match a rule are
 * queued in the rule's lanes; a worker per lane delivers them while this instance holds the lane.
 */
export class ForwardingService {
  readonly lanes: Lane[];
  private readonly workers = new Map<string, LaneWorker>();
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly sender = new HttpSender();
  private readonly enqueuer: Enqueuer;
  private readonly limited: RateLimitedLog;

  constructor(private readonly o: ForwardingServiceOptions) {
    this.lanes = lanesOf(o.rules);
    this.limited = new RateLimitedLog(o.log, 30_000);
    this.enqueuer = new Enqueuer({ store: o.store, lanesByRule: lanesByRule(this.lanes), metrics: o.metrics, log: o.log,
      maxBuffered: o.queueMax, queued: (lane) => this.workers.get(lane.id)?.wake() });
    o.metrics.measureDepth(() => Promise.all(this.lanes.map(async (l) =>
      ({ rule: l.rule.name, target: l.label, depth: await o.store.depth(l.id) }))));
  }

  get enabled(): boolean {
    return this.lanes.length > 0;
  }

  /** The ingest listener: every accepted message; repeats are not forwarded again. */
  onMessage(outcome: IngestOutcome): void {
    if (outcome.duplicate || !this.enabled) return;
    const rules = this.o.rules.filter((r) => ruleMatches(r, outcome.envelope));
    if (rules.length) this.enqueuer.add(rules, outcome.envelope);
  }

  start(): void {
    const deps = this.deliveryDeps();
    for (const lane of this.lanes) {
      const worker = new LaneWorker(lane, this.o.store, {
        window: this.o.window, pollMs: this.o.pollMs, leaseMs: this.o.leaseMs, log: this.o.log,
        deliver: (job, ctl) => deliver(job, lane, deps, ctl),
        onDeadLetter: (l, entry, out) => {
          this.o.metrics.deadLetteredTotal.inc({ rule: l.rule.name, target: out.target });
          this.limited.warn(`dead:${l.id}`, { lane: l.id, target: out.target, eventId: entry.job.envelope.eventId,
            fault: out.error.fault, reason: out.error.message }, 'forwarding: forward dead-lettered');
        },
        onError: (what, err) => this.limited.warn(`error:${lane.id}:${what}`, { err, lane: lane.id }, `forwarding: ${what} failed`),
      });
      this.workers.set(lane.id, worker);
      worker.start();
    }
    if (this.enabled) this.o.log.info({ lanes: this.lanes.length, durable: this.o.store.durable }, 'forwarding started');
  }

  /** Workers stop and hand their lanes back; requests on the wire get up to `drainMs` to finish. */
  async stop(drainMs: number): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop(drainMs)));
    this.workers.clear();
  }

  /** After stop(): waits briefly for forwards still being queued, then closes the HTTP pools and the store. */
  async close(waitMs: number): Promise<void> {
    await this.enqueuer.close(waitMs);
    await this.sender.close();
    await this.o.store.close();
  }

  async deadLetters(limit: number): Promise<DeadLetterView[]> {
    return (await this.o.store.listDeadLetters(limit)).map(viewOf);
  }

  async replay(ids?: readonly string[]): Promise<ReplayResult> {
    const result = await this.o.store.replay(ids, new Set(this.lanes.map((l) => l.id)));
    if (result.replayed.length) for (const w of this.workers.values()) w.wake();
    return result;
  }

  private deliveryDeps(): DeliveryDeps {
    return {
      send: (req, opts) => this.sender.send(req, opts),
      rateLimit: (target, signal) => {
        if (!target.rateLimit) return Promise.resolve();
        let limiter = this.limiters.get(target.name);
        if (!limiter) this.limiters.set(target.name, (limiter = new RateLimiter(target.rateLimit)));
        return limiter.take(signal);
      },
      observer: this.o.metrics,
      boardName: (board) => this.o.boards.profile(board).name,
      now: Date.now, random: Math.random, sleep,
    };
  }
}

function viewOf(d: DeadLetter): DeadLetterView {
  const e: EventEnvelope = d.job.envelope;
  return { id: d.id, rule: d.job.rule, lane: d.lane, board: e.board, event: e.event, eventId: e.eventId,
    receivedAt: e.receivedAt, reason: d.info.reason, fault: d.info.fault, attempts: d.info.attempts, target: d.info.target,
    ...(d.info.status !== undefined ? { status: d.info.status } : {}), deadAt: new Date(d.info.at).toISOString() };
}

/** Resolves true after `ms`, false at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
