import type { Logger } from 'pino';
import type { MqttGateway } from '../mqtt/mqtt-gateway';
import { MAX_MARKER_BOARDS, type MarkerBoards, parseMarker, reconcile, serializeMarker } from './ha-marker';
import type { HaTopics } from './ha-topics';

export interface MarkerSyncDeps {
  gateway: MqttGateway;
  ha: HaTopics;
  log: Logger;
  /** Board ids in the registry. */
  listed: ReadonlySet<string>;
  allowlist: boolean;
  /** How long after connecting the marker is published even if none came from the broker. */
  waitMs: number;
}

/** Boards seen in a burst (a fleet reconnecting) go into one marker publication. */
const WRITE_COALESCE_MS = 200;

/**
 * Keeps the retained marker (ha-marker.ts) in step with what this process published, and clears the
 * discovery configs it shows to be stale. A marker on the broker is reconciled whenever it arrives: at
 * start (the previous run's, replayed on subscribe), after a reconnect, and when another instance writes
 * one. The broker handles this connection's SUBSCRIBE before its later PUBLISH, so the previous run's
 * marker reaches this process before it is overwritten. The embedded broker replays no retained message to
 * the bridge itself and forgets them when it stops, so there the marker only helps clustered peers.
 */
export class HaMarkerSync {
  private boards: MarkerBoards;
  /** Stale entries whose config could not be cleared yet: kept in the marker, so the next reconcile retries. */
  private uncleared: MarkerBoards = {};
  /** The marker as the broker has it, as far as this process knows (serialized). */
  private onBroker?: string;
  private ready = false;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pendingSingle = false;

  constructor(private readonly d: MarkerSyncDeps) {
    this.boards = Object.fromEntries([...d.listed].map((id) => [id, { topic: d.ha.discovery(id), origin: 'registry' }]));
  }

  subscribe(): Promise<void> {
    return this.d.gateway.subscribe(this.d.ha.marker(), (m) => void this.onMarker(m.payload));
  }

  /** Connected (first time or again): publish the marker after the wait, whatever came meanwhile. */
  connected(): void {
    // the broker may have lost its retained messages (restart without persistence): do not trust the old copy
    this.onBroker = undefined;
    this.later(this.d.waitMs, () => {
      this.ready = true;
      return this.write();
    });
  }

  /** A board reported to this process: record it, so a later start knows it had a device. */
  record(devId: string): void {
    if (this.boards[devId] !== undefined || Object.keys(this.boards).length >= MAX_MARKER_BOARDS) return;
    this.boards[devId] = { topic: this.d.ha.discovery(devId), origin: 'seen' };
    if (this.ready) this.later(WRITE_COALESCE_MS, () => this.write(), true);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async onMarker(payload: Buffer): Promise<void> {
    const parsed = parseMarker(payload);
    if (parsed === null || this.stopped) return;
    this.onBroker = serializeMarker(parsed);
    const previous = { ...this.uncleared, ...parsed };
    const r = reconcile({ previous, local: this.boards, listed: this.d.listed, allowlist: this.d.allowlist,
      topicOf: (id) => this.d.ha.discovery(id) });
    this.boards = r.boards;
    this.ready = true;
    const failed = await this.clear(r.remove);
    this.uncleared = Object.fromEntries(Object.entries(previous).filter(([, e]) => failed.has(e.topic)));
    await this.write();
  }

  /** Publishes an empty retained payload on each topic (HA removes the device); returns those that failed. */
  private async clear(topics: string[]): Promise<Set<string>> {
    const failed = new Set<string>();
    await Promise.all(topics.map((topic) => this.d.gateway.publish(topic, '', { qos: 1, retain: true }).catch((err) => {
      this.d.log.warn({ err, topic }, 'stale Home Assistant discovery config not cleared');
      failed.add(topic);
    })));
    const cleared = topics.filter((t) => !failed.has(t));
    if (cleared.length > 0) this.d.log.info({ topics: cleared }, 'stale Home Assistant discovery configs cleared');
    return failed;
  }

  private async write(): Promise<void> {
    const json = serializeMarker({ ...this.uncleared, ...this.boards });
    if (this.stopped || json === this.onBroker) return;
    try {
      await this.d.gateway.publish(this.d.ha.marker(), json, { qos: 1, retain: true });
      this.onBroker = json;
    } catch (err) {
      this.d.log.debug({ err }, 'Home Assistant discovery marker not published (published again on reconnect)');
    }
  }

  /** Runs `fn` after `ms`; `single`: not while another single one is pending. */
  private later(ms: number, fn: () => Promise<void>, single = false): void {
    if (this.stopped || (single && this.pendingSingle)) return;
    if (single) this.pendingSingle = true;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (single) this.pendingSingle = false;
      void fn();
    }, ms);
    this.timers.add(t);
  }
}
