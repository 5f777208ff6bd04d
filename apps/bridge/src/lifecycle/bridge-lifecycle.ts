import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { Downlink } from '../commands/downlink';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { HttpLiveness } from '../http-upload/http-liveness';
import { Ingest } from '../ingest/ingest';
import { Publisher } from '../ingest/publisher';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { BoardTcpServer } from '../tcp/tcp-server';
import { BRIDGE_VERSION } from '../version';


/**
 * Starts and stops the parts in the one order that loses nothing: broker first, then commands, then board listeners;
 * on SIGTERM, stop listening, mark every board offline (reason `shutdown`), drain the spool, mark the
 * bridge offline, close the broker, all within SHUTDOWN_TIMEOUT_MS (10 s by default).
 */
/** How often the retained bridge state is refreshed (uptime, sessions). */
const STATE_REFRESH_MS = 60_000;

@Injectable()
export class BridgeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly since = new Date().toISOString();
  private readonly started = Date.now();
  private refresh?: NodeJS.Timeout;

  constructor(@Inject(BRIDGE_CONFIG) private readonly config: BridgeConfig,
    @Inject(MQTT_GATEWAY) private readonly gateway: MqttGateway, private readonly topics: TopicScheme,
    private readonly ingest: Ingest, private readonly publisher: Publisher, private readonly tcp: BoardTcpServer,
    private readonly httpLiveness: HttpLiveness, private readonly downlink: Downlink,
    @Inject(LOGGER) private readonly log: Logger) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.gateway.start();
    this.gateway.onConnectionChange((connected) => {
      this.log.info({ connected }, connected ? 'broker connected' : 'broker connection lost');
      // bridge-contract §2: retained availability and state are published again after a reconnect.
      if (connected) void this.announce().then(() => this.ingest.republishRetained());
    });
    await this.announce();
    // bridge-contract §2 / issue 7: uptime and session count stay current without a publication per session.
    this.refresh = setInterval(() => void this.announce(), STATE_REFRESH_MS);
    this.refresh.unref();
    // Commands before boards: a board's first session must find its queued commands (bridge-contract §4).
    await this.downlink.start();
    await this.tcp.start();
    this.log.info({ tcp: this.tcp.port, mqtt: this.config.mqttMode }, 'board listeners up');
  }

  async beforeApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + this.config.SHUTDOWN_TIMEOUT_MS;
    clearInterval(this.refresh);
    await this.tcp.stop();
    this.httpLiveness.stop();
    await this.downlink.stop();
    const drained = await this.publisher.drain(Math.max(0, deadline - Date.now() - 500));
    if (!drained) this.log.warn({ left: this.publisher.depth }, 'shutdown: spool not drained in time');
    await this.bridgeState('offline').catch(() => undefined);
    await this.gateway.stop();
  }

  /** The last will's counterpart: `{base}/bridge/{instance}/state` retained (bridge-contract §2). */
  private announce(): Promise<void> {
    return this.bridgeState('online').catch((err: Error) => this.log.warn({ err }, 'bridge state not published'));
  }

  private bridgeState(state: 'online' | 'offline'): Promise<void> {
    const payload = JSON.stringify({ state, version: BRIDGE_VERSION, since: this.since,
      instance: this.config.BRIDGE_INSTANCE_ID, uptimeSec: Math.round((Date.now() - this.started) / 1000),
      sessions: state === 'online' ? this.tcp.sessionCount : 0 });
    return this.gateway.publish(this.topics.bridgeState(this.config.BRIDGE_INSTANCE_ID), payload,
      { qos: 1, retain: true });
  }
}
