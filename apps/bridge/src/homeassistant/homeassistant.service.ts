import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { BridgeConfig } from '../config';
import type { AvailabilityBook } from '../ingest/availability';
import type { Ingest, IngestOutcome } from '../ingest/ingest';
import type { Publisher } from '../ingest/publisher';
import type { InboundMqttMessage, MqttGateway } from '../mqtt/mqtt-gateway';
import type { TopicScheme } from '../mqtt/topics';
import { deviceDiscovery, haBoard } from './ha-discovery-payload';
import { haPublications } from './ha-event';
import { HaMarkerSync } from './ha-marker-sync';
import { HaTopics } from './ha-topics';

export interface HomeAssistantDeps {
  config: BridgeConfig;
  gateway: MqttGateway;
  topics: TopicScheme;
  ingest: Ingest;
  publisher: Publisher;
  availability: AvailabilityBook;
  log: Logger;
}

/** Unlisted boards that get an HA device, at most: an open bridge must not let made-up ids flood HA. */
export const MAX_UNLISTED_BOARDS = 1000;
/** How long the previous run's marker may take to come back from the broker before this run publishes its own. */
const MARKER_WAIT_MS = 1000;

/**
 * Home Assistant MQTT discovery (issue 7, docs/home-assistant.md): one retained device config per board
 * in the registry and per board that reported, published at start, after every broker reconnect and a
 * little after HA announces `online`; plus the HA event and last-SMS topics for each board message.
 * Does nothing unless HA_DISCOVERY is set.
 */
export class HomeAssistantService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly ha: HaTopics;
  private readonly listed: ReadonlySet<string>;
  /** Unlisted boards that reported to this process. */
  private readonly seen = new Set<string>();
  private readonly payloads = new Map<string, string>();
  private readonly marker: HaMarkerSync;
  private readonly unsubscribe: (() => void)[] = [];
  private republishTimer?: NodeJS.Timeout;
  private stopped = false;
  private warnedFull = false;

  constructor(private readonly d: HomeAssistantDeps) {
    this.ha = new HaTopics(d.topics, d.config.HA_DISCOVERY_PREFIX);
    this.listed = new Set(Object.keys(d.config.registry.boards));
    this.marker = new HaMarkerSync({ gateway: d.gateway, ha: this.ha, log: d.log, listed: this.listed,
      allowlist: d.config.allowlist, waitMs: MARKER_WAIT_MS });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.d.config.HA_DISCOVERY) return;
    this.unsubscribe.push(this.d.ingest.onMessage((o) => this.onBoardMessage(o)));
    // registered before the gateway connects too: both adapters subscribe them on (re)connect
    await this.d.gateway.subscribe(this.d.config.HA_STATUS_TOPIC, (m) => this.onStatus(m));
    await this.marker.subscribe();
    this.unsubscribe.push(this.d.gateway.onConnectionChange((connected) => connected && this.onConnected()));
    if (this.d.gateway.connected) this.onConnected();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    clearTimeout(this.republishTimer);
    this.marker.stop();
  }

  /** Every board with an HA device from this process: the registry's and the unlisted ones that reported. */
  boards(): string[] {
    for (const id of this.d.availability.onlineBoards()) this.note(id);
    return [...this.listed, ...this.seen];
  }

  /** Publishes (retained) the discovery config of every board; failures wait for the next reconnect. */
  async publishAll(): Promise<void> {
    await Promise.all(this.boards().map((id) => this.publish(id)));
  }

  private onConnected(): void {
    if (this.stopped) return;
    this.marker.connected();
    void this.publishAll();
  }

  /** Called inside Ingest.accept(): must never throw into it. */
  private onBoardMessage(o: IngestOutcome): void {
    if (o.duplicate || this.stopped) return;
    try {
      const pubs = haPublications(this.ha, o.envelope);
      // derived from a message already accepted: like its event, never refused for a full spool
      if (pubs.length > 0) void this.d.publisher.enqueue(pubs, true);
      if (this.note(o.envelope.board)) void this.publish(o.envelope.board);
    } catch (err) {
      this.d.log.warn({ err, board: o.envelope.board }, 'Home Assistant publication failed');
    }
  }

  /** Records an unlisted board; true when it is new and has a device now. */
  private note(devId: string): boolean {
    if (this.listed.has(devId) || this.seen.has(devId)) return false;
    if (this.seen.size >= MAX_UNLISTED_BOARDS) {
      if (!this.warnedFull) this.d.log.warn({ max: MAX_UNLISTED_BOARDS }, 'no more Home Assistant devices for unlisted boards; list them in BOARDS_FILE');
      this.warnedFull = true;
      return false;
    }
    this.seen.add(devId);
    this.marker.record(devId);
    return true;
  }

  /**
   * HA's birth message: republish after a random share of the delay. A retained one counts too (HA can be
   * set to retain its birth); its replay on (re)connect only adds one idempotent republish.
   */
  private onStatus(m: InboundMqttMessage): void {
    if (this.stopped || m.payload.toString().trim() !== 'online' || this.republishTimer) return;
    const ms = this.d.config.HA_REPUBLISH_DELAY_MS * (0.5 + Math.random() / 2);
    this.republishTimer = setTimeout(() => {
      this.republishTimer = undefined;
      void this.publishAll();
    }, ms);
  }

  private async publish(devId: string): Promise<void> {
    let payload = this.payloads.get(devId);
    if (payload === undefined) {
      payload = JSON.stringify(deviceDiscovery(this.d.topics, this.ha, haBoard(this.d.config, devId)));
      this.payloads.set(devId, payload);
    }
    try {
      await this.d.gateway.publish(this.ha.discovery(devId), payload, { qos: 1, retain: true });
    } catch (err) {
      this.d.log.debug({ err, board: devId }, 'Home Assistant discovery not published (published again on reconnect)');
    }
  }
}
