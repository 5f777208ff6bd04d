import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { SerialQueues } from '../routing/serial-queues';
import type { DeliveryControl, DeliveryOutcome } from './delivery/deliver';
import type { ForwardJob, Lane, LaneEntry } from './forwarding-types';
import type { LaneStore } from './store/lane-store';

export interface LaneWorkerOptions {
  /** Forwards of the lane this instance works on at once (a board's still go one by one). */
  window: number;
  /** How often a held lane looks for forwards queued by other instances. */
  pollMs: number;
  leaseMs: number;
  log: Logger;
  deliver(job: ForwardJob, ctl: DeliveryControl): Promise<DeliveryOutcome>;
  onDeadLetter(lane: Lane, entry: LaneEntry, outcome: Extract<DeliveryOutcome, { kind: 'dead' }>): void;
  onError(what: string, err: unknown): void;
}

/** One holding period of the lease; aborting it calls off everything started under it. */
interface Tenure {
  soft: AbortController;
  hard: AbortController;
}

const FINISH_TRIES = 3;

/**
 * Works on one lane while this instance holds its lease: takes over what a crashed holder left
 * pending, reads new forwards (up to `window` at a time), runs each board's forwards one after another
 * (order per board and target) and different boards side by side, then acknowledges or dead-letters
 * each. Instances without the lease keep trying to take it, so a lane moves on within about one lease
 * after its holder dies.
 */
export class LaneWorker {
  private readonly chains = new SerialQueues();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private tenure?: Tenure;
  private validUntil = 0;
  private lastRenew = 0;
  private inflight = 0;
  private more = false;
  private wakeUp?: () => void;
  /** wake() came while the loop was busy: skip the next pause. */
  private woken = false;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly lane: Lane, private readonly store: LaneStore, private readonly o: LaneWorkerOptions) {}

  get held(): boolean {
    return this.tenure !== undefined;
  }

  start(): void {
    this.running = true;
    this.loopDone = this.loop();
  }

  /** A forward was queued here: look at once instead of at the next poll. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /**
   * Stops reading, calls off waits (backoff, rate limit), lets requests on the wire finish for up to
   * `drainMs`, then cuts them and hands the lane back; unfinished forwards stay pending in the store.
   */
  async stop(drainMs: number): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    const tenure = this.tenure;
    if (!tenure) return;
    tenure.soft.abort(new Error('shutting down'));
    if (!(await this.idle(drainMs))) {
      tenure.hard.abort(new Error('shutdown budget ran out'));
      await this.idle(1_000);
    }
    this.tenure = undefined;
    await this.store.release(this.lane.id).catch((err) => this.o.onError('lease release', err));
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (err) {
        this.more = false;
        this.o.onError('lane', err);
      }
      if (this.running && !this.more) await this.pause(this.o.pollMs);
    }
  }

  private async tick(): Promise<void> {
    if (!this.tenure) return this.tryAcquire();
    if (Date.now() - this.lastRenew >= this.o.leaseMs / 3) await this.renew();
    if (!this.tenure) return;
    const room = this.o.window - this.inflight;
    this.more = false;
    // Read in batches: a read for every single free slot would cost a round trip per forward.
    if (room <= 0 || (this.inflight > 0 && room < this.o.window / 4)) return;
    const entries = await this.store.read(this.lane.id, room);
    for (const e of entries) this.schedule(e, this.tenure);
    this.more = entries.length === room;
  }

  private async tryAcquire(): Promise<void> {
    // Whatever ran under a lost lease must be over before its entries can be claimed again.
    if (this.inflight > 0) return;
    const started = Date.now();
    if (!(await this.store.acquire(this.lane.id))) return;
    this.setValid(started);
    const tenure: Tenure = { soft: new AbortController(), hard: new AbortController() };
    // Every forward in progress listens on these (up to the window, plus waits): not a leak.
    setMaxListeners(0, tenure.soft.signal, tenure.hard.signal);
    this.tenure = tenure;
    const orphans = await this.store.claimOrphans(this.lane.id);
    if (orphans.length) this.o.log.info({ lane: this.lane.id, forwards: orphans.length }, 'forwarding: took over pending forwards');
    for (const e of orphans) this.schedule(e, tenure);
  }

  private async renew(): Promise<void> {
    const started = Date.now();
    let ours: boolean;
    try {
      ours = await this.store.renew(this.lane.id);
    } catch (err) {
      this.o.onError('lease renew', err);
      // Keep working while the lease surely has not run out yet; after that another instance may hold it.
      if (Date.now() < this.validUntil) return;
      ours = false;
    }
    if (ours) return this.setValid(started);
    this.o.log.warn({ lane: this.lane.id }, 'forwarding: lane lease lost; its forwards go on elsewhere');
    this.tenure?.soft.abort(new Error('lease lost'));
    this.tenure?.hard.abort(new Error('lease lost'));
    this.tenure = undefined;
  }

  /** The lease runs leaseMs from when the request was sent; stop attempting a little before that. */
  private setValid(sentAt: number): void {
    this.lastRenew = sentAt;
    this.validUntil = sentAt + this.o.leaseMs - Math.min(1_000, this.o.leaseMs / 5);
  }

  private schedule(entry: LaneEntry, tenure: Tenure): void {
    this.inflight++;
    void this.chains.run(entry.job.envelope.board, () => this.process(entry, tenure))
      .catch((err) => this.o.onError('forward', err))
      .finally(() => {
        this.inflight--;
        if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
        this.wake();
      });
  }

  private async process(entry: LaneEntry, tenure: Tenure): Promise<void> {
    if (tenure.soft.signal.aborted) return;
    const ctl: DeliveryControl = {
      signal: tenure.soft.signal, requestSignal: tenure.hard.signal,
      mayAttempt: () => this.tenure === tenure && Date.now() < this.validUntil,
    };
    const outcome = await this.o.deliver(entry.job, ctl);
    if (outcome.kind === 'sent') await this.finish('ack', () => this.store.ack(this.lane.id, entry.id));
    else if (outcome.kind === 'dead') {
      const { error } = outcome;
      await this.finish('dead-letter', () => this.store.deadLetter(this.lane.id, entry, {
        reason: error.message, fault: error.fault, attempts: outcome.attempts, target: outcome.target,
        status: error.details.status, at: Date.now() }));
      this.o.onDeadLetter(this.lane, entry, outcome);
    }
  }

  /** A few tries: an entry left pending would be sent again by the lane's next holder. */
  private async finish(what: string, op: () => Promise<void>): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await op();
      } catch (err) {
        if (i >= FINISH_TRIES) return this.o.onError(what, err);
        await new Promise((r) => setTimeout(r, 200 * i));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private idle(ms: number): Promise<boolean> {
    if (this.inflight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.inflight === 0), ms);
      this.idleWaiters.push(() => { clearTimeout(timer); resolve(true); });
    });
  }
}
