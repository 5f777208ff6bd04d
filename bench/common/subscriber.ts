import { join } from 'node:path';
import { BenchChild } from './child';

/** What the counting subscriber saw of one batch; times are wall-clock ms (child.ts wallMs). */
export interface BatchStats {
  batch: number;
  expected: number;
  /** Every marked message of the batch, duplicates included. */
  received: number;
  unique: number;
  duplicates: number;
  lost: number;
  /** Markers with a sequence beyond the batch (a bench bug if ever non-zero). */
  outOfRange: number;
  firstAt: number | null;
  lastAt: number | null;
  /** When the last missing event arrived; null when the batch never completed. */
  doneAt: number | null;
  /** Messages without a marker of a known batch, since the subscriber started. */
  strays: number;
}

export type SubscriberCommand =
  | { kind: 'connect'; url: string; filters: string[]; qos: 0 | 1 }
  | { kind: 'expect'; batch: number; count: number }
  | { kind: 'wait'; batch: number; idleMs: number; maxMs: number }
  | { kind: 'close' };

type SubscriberMessage =
  | { kind: 'ready' } | { kind: 'expecting'; batch: number } | { kind: 'batch'; stats: BatchStats } | { kind: 'closed' }
  | { kind: 'error'; message: string };

/** The parent's handle on a counting subscriber process (counting-subscriber.ts). */
export class CountingSubscriber {
  private constructor(private readonly child: BenchChild<SubscriberMessage>) {}

  static async start(name: string, url: string, filters: string[], qos: 0 | 1 = 1): Promise<CountingSubscriber> {
    const child = BenchChild.start<SubscriberMessage>(name, join(__dirname, 'counting-subscriber.ts'));
    const sub = new CountingSubscriber(child);
    try {
      await child.request({ kind: 'connect', url, filters, qos } satisfies SubscriberCommand, 'ready', 20_000);
    } catch (err) {
      await child.stop();
      throw err;
    }
    return sub;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async expect(batch: number, count: number): Promise<void> {
    await this.child.request({ kind: 'expect', batch, count } satisfies SubscriberCommand, 'expecting');
  }

  /** Resolves when the batch is complete, or after `idleMs` without an arrival (the rest is lost). */
  async wait(batch: number, idleMs = 5000, maxMs = 300_000): Promise<BatchStats> {
    const m = await this.child.request({ kind: 'wait', batch, idleMs, maxMs } satisfies SubscriberCommand, 'batch', maxMs + 10_000);
    return m.stats;
  }

  async stop(): Promise<void> {
    await this.child.request({ kind: 'close' } satisfies SubscriberCommand, 'closed', 5000).catch(() => undefined);
    await this.child.stop();
  }
}
