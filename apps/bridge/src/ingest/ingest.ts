import {
  type BoardMessage, type EventEnvelope, eventIdBasis, MessageShapeError, normalise, parseMessage,
} from '@board-bridge/board-protocol';
import type { BoardDirectory } from '../boards/board-directory';
import type { BridgeMetrics } from '../metrics/bridge-metrics';
import { isValidBoardId, type TopicScheme } from '../mqtt/topics';
import type { AvailabilityBook, OfflineReason, Transport } from './availability';
import type { DedupStore } from './dedup-store';
import type { Publication } from './publication';
import type { Publisher } from './publisher';
import type { StateBook } from './state-book';

export interface IngestContext {
  transport: Transport;
  /** The session's board id, for frames that carry none (the handshake ack, board-protocol §1.4). */
  devId?: string;
  receivedAt: Date;
}

export interface IngestOutcome {
  message: BoardMessage;
  envelope: EventEnvelope;
  duplicate: boolean;
  /** Settles when the publications are accepted by the broker or spooled (HTTP answers 200 after it). */
  accepted: Promise<void>;
}

export interface IngestDeps {
  boards: BoardDirectory;
  publisher: Publisher;
  dedup: DedupStore;
  states: StateBook;
  availability: AvailabilityBook;
  topics: TopicScheme;
  metrics: BridgeMetrics;
  dedupWindowSec: number;
}

/**
 * Transport-agnostic uplink: board message → event envelope (bridge-contract §3) → MQTT, with the
 * retained state kept current and repeats published once. TCP sessions and HTTP uploads both end here.
 */
export class Ingest {
  private readonly listeners = new Set<(o: IngestOutcome) => void>();
  private tidResolver?: (board: string, tid: string) => string | undefined;

  constructor(private readonly d: IngestDeps) {}

  /**
   * bridge-contract §3: reports carry the board `tid`, which the bridge chose for a command; with this the
   * event's `data.requestId` becomes the caller's requestId while the command is pending here.
   */
  resolveTids(resolver: (board: string, tid: string) => string | undefined): void {
    this.tidResolver = resolver;
  }

  /** Observers of every accepted message (command routing matches replies here). */
  onMessage(listener: (o: IngestOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once the message's publications are handed, in order, to the spool; `accepted` then tells
   * when the broker took them. Callers that need order per board call accept() one message at a time.
   * @throws BoardProtocolError for a message that is not a board message (bad input; drop and count)
   * @throws SpoolFullError when the broker has been away too long and overflow is not allowed (retry later)
   */
  async accept(raw: Record<string, unknown>, ctx: IngestContext, overflow = false): Promise<IngestOutcome> {
    const guess = typeof raw.devId === 'string' ? raw.devId : ctx.devId;
    const aliases = guess ? this.d.boards.profile(guess).aliases : undefined;
    const message = parseMessage(raw, { aliases, devId: ctx.devId });
    // The id becomes a topic level (bridge-contract §2): an id that would change the topic's shape is bad input.
    if (!isValidBoardId(message.devId)) throw new MessageShapeError('devId', 'not usable as an MQTT topic level');
    const envelope = normalise(message, { transport: ctx.transport, receivedAt: ctx.receivedAt });
    this.mapRequestId(envelope);
    const dedupable = eventIdBasis(message) === 'board' && this.d.dedupWindowSec > 0;
    if (dedupable && !(await this.d.dedup.firstSeen(envelope.eventId, this.d.dedupWindowSec))) {
      this.d.metrics.duplicates.inc();
      return this.emit({ message, envelope, duplicate: true, accepted: Promise.resolve() });
    }
    const pubs: Publication[] = [];
    if (ctx.transport === 'http') {
      this.push(pubs, this.d.availability.online(message.devId, 'http', message.netCh, ctx.receivedAt));
    }
    pubs.push(this.eventPublication(envelope));
    this.push(pubs, this.d.states.apply(message, ctx.receivedAt));
    let accepted: Promise<void>;
    try {
      accepted = this.d.publisher.enqueue(pubs, overflow);
    } catch (err) {
      // Not published: let the board's resend through instead of swallowing it as a duplicate.
      if (dedupable) await this.d.dedup.forget(envelope.eventId);
      throw err;
    }
    this.d.metrics.eventsPublished.inc({ event: envelope.event });
    void accepted.then(() => this.d.metrics.publishLatency.observe((Date.now() - ctx.receivedAt.getTime()) / 1000));
    return this.emit({ message, envelope, duplicate: false, accepted });
  }

  /** A TCP session (or the first upload) brought the board online. */
  async online(devId: string, transport: Transport, netCh: number | null): Promise<void> {
    const pub = this.d.availability.online(devId, transport, netCh, new Date());
    if (pub) await this.d.publisher.publish(pub);
  }

  async offline(devId: string, reason: OfflineReason): Promise<void> {
    const pub = this.d.availability.offline(devId, reason, new Date());
    if (pub) await this.d.publisher.publish(pub).catch(() => undefined);
  }

  /** The board moved to another instance: stop speaking for it (no offline, no stale republish). */
  forget(devId: string): void {
    this.d.availability.forget(devId);
    this.d.states.forget(devId);
  }

  /**
   * The instance that held the board died (bridge-contract §2 `instance-lost`); this instance says so,
   * though it may never have seen the board itself.
   */
  async lost(devId: string): Promise<void> {
    const pub = this.d.availability.lost(devId, new Date());
    if (pub) await this.d.publisher.publish(pub).catch(() => undefined);
  }

  /** Retained availability and state once more, e.g. after the broker came back (bridge-contract §2). */
  async republishRetained(): Promise<void> {
    await Promise.all([...this.d.availability.all(), ...this.d.states.all()]
      .map((p) => this.d.publisher.publish(p).catch(() => undefined)));
  }

  private mapRequestId(e: EventEnvelope): void {
    const tid = e.data.requestId;
    const requestId = typeof tid === 'string' ? this.tidResolver?.(e.board, tid) : undefined;
    if (requestId !== undefined) e.data.requestId = requestId;
  }

  private eventPublication(e: EventEnvelope): Publication {
    return { topic: this.d.topics.event(e.board, e.event), payload: JSON.stringify(e), qos: 1, retain: false,
      board: e.board };
  }

  private push(pubs: Publication[], pub: Publication | null): void {
    if (pub) pubs.push(pub);
  }

  private emit(o: IngestOutcome): IngestOutcome {
    for (const l of this.listeners) l(o);
    return o;
  }
}
