import type { MqttGateway } from '../mqtt/mqtt-gateway';
import { FifoQueue } from './fifo-queue';
import { type Publication, SpoolFullError } from './publication';

interface Item {
  seq: number;
  pub: Publication;
  settle: () => void;
}

/** How many QoS 1 publications may wait for their PUBACK at once. */
const WINDOW = 256;

/**
 * Every publication goes through one FIFO spool, so order is kept while the broker is away and nothing
 * accepted is lost (bridge-contract §6). A caller's promise settles once the broker accepted the
 * publication, or once it is safely spooled while the broker is unreachable; when the spool holds
 * `capacity` items, publish() rejects with SpoolFullError so the caller can push back.
 */
export class Publisher {
  private readonly queue = new FifoQueue<Item>();
  private readonly inflight = new Map<number, Item>();
  private failed: Item[] = [];
  private seq = 0;
  private readonly pressureListeners = new Set<(full: boolean) => void>();
  private wasFull = false;

  constructor(private readonly gateway: MqttGateway, private readonly capacity: number) {
    gateway.onConnectionChange((connected) => {
      if (connected) this.pump();
      else this.settleWaiting();
    });
  }

  /** Spooled publications not yet accepted by the broker (including those in flight). */
  get depth(): number {
    return this.queue.length + this.inflight.size + this.failed.length;
  }

  get full(): boolean {
    return this.depth >= this.capacity;
  }

  onPressure(listener: (full: boolean) => void): () => void {
    this.pressureListeners.add(listener);
    return () => this.pressureListeners.delete(listener);
  }

  /**
   * Hands publications to the spool, in order, synchronously; the promise settles once all are accepted
   * by the broker or spooled while it is away. `overflow` is for frames already read from a board socket:
   * they are never dropped (the sessions are paused instead, see onPressure).
   * @throws SpoolFullError when the spool is at capacity and overflow is not allowed (retry later).
   */
  enqueue(pubs: Publication[], overflow = false): Promise<void> {
    if (!overflow && this.depth + pubs.length > this.capacity) throw new SpoolFullError(this.capacity);
    const settled = pubs.map((pub) => new Promise<void>((resolve) => {
      this.queue.push({ seq: this.seq++, pub, settle: resolve });
      if (!this.gateway.connected) resolve();
    }));
    this.notePressure();
    this.pump();
    return Promise.all(settled).then(() => undefined);
  }

  publish(pub: Publication): Promise<void> {
    try {
      return this.enqueue([pub]);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Resolves when the spool is empty or the deadline passes (graceful shutdown). */
  async drain(deadlineMs: number): Promise<boolean> {
    const until = Date.now() + deadlineMs;
    while (this.depth > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.depth === 0;
  }

  private pump(): void {
    while (this.gateway.connected && this.failed.length === 0 && this.queue.length && this.inflight.size < WINDOW) {
      const item = this.queue.shift() as Item;
      this.inflight.set(item.seq, item);
      const { topic, payload, qos, retain, properties } = item.pub;
      this.gateway.publish(topic, payload, { qos, retain, ...(properties ? { properties } : {}) }).then(
        () => this.accepted(item),
        (err: { retryable?: boolean }) => (err?.retryable === false ? this.refused(item) : this.rejected(item)),
      );
    }
  }

  private accepted(item: Item): void {
    this.inflight.delete(item.seq);
    item.settle();
    this.notePressure();
    this.pump();
  }

  /** The broker refused this publication for good (e.g. MQTT 5 reason code >= 0x80): retrying cannot help. */
  private refused(item: Item): void {
    this.inflight.delete(item.seq);
    item.settle();
    this.notePressure();
    this.pump();
  }

  /** The broker went away mid-flight: keep the item, and put it back in order once nothing is in flight. */
  private rejected(item: Item): void {
    this.inflight.delete(item.seq);
    this.failed.push(item);
    item.settle();
    if (this.inflight.size > 0) return;
    this.failed.sort((a, b) => a.seq - b.seq);
    this.queue.unshift(...this.failed);
    this.failed = [];
    // Retry once the gateway says it is connected again (onConnectionChange), or now if it already is.
    if (this.gateway.connected) setTimeout(() => this.pump(), 50);
  }

  /** The broker is gone: callers waiting for acceptance may go on, their publications stay spooled. */
  private settleWaiting(): void {
    for (const item of this.queue) item.settle();
  }

  private notePressure(): void {
    const full = this.full;
    if (full === this.wasFull) return;
    this.wasFull = full;
    for (const l of this.pressureListeners) l(full);
  }
}
