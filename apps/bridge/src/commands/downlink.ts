import type { Logger } from 'pino';
import type { Ingest, IngestOutcome } from '../ingest/ingest';
import type { CommandRouter } from '../routing/command-router';
import type { InstanceRegistry } from '../routing/routing-ports';
import type { BoardSession } from '../tcp/board-session';
import type { SessionRegistry } from '../tcp/session-registry';
import type { CommandIntake } from './command-intake';
import type { PendingBook } from './pending-book';

export interface DownlinkDeps {
  router: CommandRouter;
  intake: CommandIntake;
  pending: PendingBook;
  sessions: SessionRegistry<BoardSession>;
  ingest: Ingest;
  instances: InstanceRegistry;
  /** Fires when shared state (Redis) is reachable again after an outage. */
  onSharedStateReconnect(listener: () => void): void;
  log: Logger;
  /** How often queued commands are checked for expiry. */
  sweepMs: number;
}

/**
 * Joins the command side to the rest of the bridge: sessions starting and ending, board messages that
 * answer commands, pings that renew ownership, dead instances, and the expiry sweep. Started after the
 * broker and before the board listeners; stopped after the listeners (BridgeLifecycle).
 */
export class Downlink {
  private sweeper?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly d: DownlinkDeps) {}

  async start(): Promise<void> {
    const { sessions, router, ingest, instances } = this.d;
    this.unsubscribe.push(sessions.listen({
      started: (_id, s) => this.track(router.sessionUp(s)),
      ended: (_id, s, current) => this.track(router.sessionDown(s, current)),
    }));
    this.unsubscribe.push(ingest.onMessage((o) => this.onBoardMessage(o)));
    ingest.resolveTids((board, tid) => this.d.pending.requestIdOf(board, tid));
    this.unsubscribe.push(instances.onBoardsLost((boards, instance) => {
      this.d.log.warn({ instance, boards: boards.length }, 'instance lost: its boards are offline until they reconnect');
      for (const board of boards) this.track(ingest.lost(board));
    }));
    this.d.onSharedStateReconnect(() => this.track(router.reclaim([...sessions.entries()].map(([, s]) => s))
      .then(() => undefined)));
    await instances.start();
    await this.d.intake.start();
    this.sweeper = setInterval(() => this.track(router.sweep()), this.d.sweepMs);
    this.sweeper.unref();
  }

  /** Board sockets are closed by now: settle what is left, release ownership, stop heartbeating. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.d.pending.failAll('the bridge is shutting down');
    await Promise.all(this.inFlight);
    this.unsubscribe.forEach((u) => u());
    await this.d.instances.stop();
  }

  private onBoardMessage(o: IngestOutcome): void {
    if (o.duplicate) return;
    const e = o.envelope;
    const type = Number.isInteger(e.type) ? e.type : null;
    this.d.pending.onBoardMessage(e.board, { raw: e.raw, type, slot: e.slot, data: e.data });
    // board-protocol §1.4: pings are the liveness signal, so they also renew the ownership lease.
    if (type === 998 && e.transport === 'tcp') {
      const session = this.d.sessions.get(e.board);
      if (session) this.track(this.d.router.renew(session));
    }
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch((err: Error) => this.d.log.warn({ err }, 'downlink task failed'));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }
}
