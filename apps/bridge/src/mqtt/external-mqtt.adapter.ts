import mqtt, { type IClientOptions, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { ConnectionNotifier } from './connection-notifier';
import { describeConnectionError, endClient, firstConnection, mapPublishError } from './external-connection';
import { type FilterEntry, SubscriptionTable, subscribeOptions } from './external-subscriptions';
import { asError, type ErrorReporter, invokeHandler, toInboundMessage, warnReporter } from './inbound-message';
import {
  type InboundMqttHandler, type MqttGateway, type MqttPublishOptions, MqttPublishRejectedError, MqttUnavailableError,
} from './mqtt-gateway';
import { isValidPublishTopic } from './topics';
import { VolatileOutgoingStore } from './volatile-outgoing-store';

export interface ExternalMqttOptions {
  /** `mqtt://`, `mqtts://`, `ws://`, `wss://` (MQTT_URL); MQTT.js picks the transport from the scheme. */
  url: string;
  instanceId: string;
  username?: string;
  password?: string;
  /** 5 by default (MQTT_PROTOCOL_VERSION); 4 = MQTT 3.1.1 for brokers without v5. */
  protocolVersion?: 4 | 5;
  /** Defaults to `board-bridge-{instanceId}`: unique per instance, so instances never take over each other. */
  clientId?: string;
  /** subscribeShared() goes through `$share/{sharedGroup}/…` (MQTT_SHARED_GROUP); `board-bridge` by default. */
  sharedGroup?: string;
  /** Published retained at QoS 1 by the broker if this connection dies (`{base}/bridge/{instance}/state`). */
  will: { topic: string; payload: string | Buffer };
  reconnectPeriodMs?: number;
  /** How long one attempt waits for CONNACK. */
  connectTimeoutMs?: number;
  /** How long start() waits for the first connection; 0 = resolve at once and keep connecting in the background. */
  startTimeoutMs?: number;
  onError?: ErrorReporter;
}

/** Gateway to a broker elsewhere (MQTT_URL), through MQTT.js. */
export class ExternalMqttAdapter implements MqttGateway {
  private client?: MqttClient;
  private readonly subscriptions: SubscriptionTable;
  /** Rejecters of publications sent but not yet acknowledged. */
  private readonly inflight = new Set<(err: Error) => void>();
  private readonly store = new VolatileOutgoingStore();
  private readonly report: ErrorReporter;
  private readonly notifier: ConnectionNotifier;
  private readonly version: 4 | 5;

  constructor(private readonly opts: ExternalMqttOptions) {
    this.report = opts.onError ?? warnReporter;
    this.notifier = new ConnectionNotifier((err) => this.report(asError(err), 'MQTT connection listener threw'));
    this.version = opts.protocolVersion ?? 5;
    this.subscriptions = new SubscriptionTable(opts.sharedGroup ?? 'board-bridge');
  }

  get connected(): boolean {
    return this.notifier.connected;
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.notifier.add(listener);
  }

  /** Test-only: the MQTT.js client, to break its socket the way a network failure would. */
  clientForTests(): MqttClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = mqtt.connect(this.opts.url, this.clientOptions());
    this.client = client;
    // events of a client that stop() already let go of must not touch the next client's state
    const current = () => this.client === client;
    client.on('connect', () => current() && this.onConnect(client));
    client.on('close', () => current() && this.onClose());
    client.on('message', (topic, payload, packet) => current() && this.onMessage(topic, payload, packet));
    // MQTT.js throws on an unhandled 'error'; connection errors are retried, so they are only reported
    client.on('error', (err) => this.report(err, describeConnectionError(err, this.opts.url)));
    const timeoutMs = this.opts.startTimeoutMs ?? 10_000;
    if (timeoutMs === 0) return;
    try {
      await firstConnection(client, this.opts.url, timeoutMs);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    // a plain DISCONNECT: the broker drops the will, so the caller publishes its own retained offline
    // state first (bridge-contract §2)
    this.notifier.set(false);
    // publications in flight still get their PUBACK during the graceful end; onClose() rejects the rest
    await endClient(client, !client.connected);
    this.onClose();
  }

  publish(topic: string, payload: string | Buffer, opts: MqttPublishOptions = {}): Promise<void> {
    const client = this.client;
    // checked here, because MQTT.js would otherwise queue the packet until it reconnects
    if (!client || !client.connected || !this.notifier.connected) {
      return Promise.reject(new MqttUnavailableError(`not connected to MQTT broker ${this.opts.url}`));
    }
    // MQTT.js does not check publish topics, and a broker drops the whole connection on a wildcard topic
    if (!isValidPublishTopic(topic)) {
      return Promise.reject(new MqttPublishRejectedError(topic, undefined, 'invalid topic name'));
    }
    return new Promise((resolve, reject) => {
      this.inflight.add(reject);
      client.publish(topic, payload, this.publishOptions(opts), (err) => {
        // false: onClose() already rejected it
        if (!this.inflight.delete(reject)) return;
        if (err) reject(mapPublishError(topic, err));
        else resolve();
      });
    });
  }

  subscribe(filter: string, handler: InboundMqttHandler): Promise<void> {
    return this.addSubscription(filter, handler, false);
  }

  subscribeShared(filter: string, handler: InboundMqttHandler): Promise<void> {
    return this.addSubscription(filter, handler, true);
  }

  private async addSubscription(filter: string, handler: InboundMqttHandler, shared: boolean): Promise<void> {
    const entry = this.subscriptions.add(filter, handler, shared);
    if (!entry) return;
    this.warnIfAmbiguous(entry);
    if (!this.client?.connected) return; // onConnect() subscribes it
    try {
      await this.sendSubscribe(this.client, entry);
    } catch (err) {
      this.subscriptions.remove(entry);
      throw err;
    }
  }

  /** Subscription Identifiers are what keeps a shared copy apart from a normal one (external-subscriptions.ts). */
  private withSubscriptionIds(client = this.client): boolean {
    return this.version === 5 && client?.serverProperties?.subscriptionIdentifiersAvailable !== false;
  }

  private warnIfAmbiguous(entry: FilterEntry): void {
    const clashes = this.subscriptions.ambiguousWith(entry);
    if (this.withSubscriptionIds() || clashes.length === 0) return;
    this.report(new Error(`${entry.subscribeTo} overlaps ${clashes.join(', ')}; without MQTT 5 subscription ` +
      'identifiers a message matching both reaches both kinds of handler, so use MQTT 5 or disjoint filters'),
    'ambiguous MQTT subscriptions');
  }

  private clientOptions(): IClientOptions {
    const { opts } = this;
    return {
      protocolVersion: this.version,
      clientId: opts.clientId ?? `board-bridge-${opts.instanceId}`,
      clean: true,
      username: opts.username,
      password: opts.password,
      reconnectPeriod: opts.reconnectPeriodMs ?? 1000,
      connectTimeout: opts.connectTimeoutMs ?? 10_000,
      // a refused CONNACK (broker restarting, busy) must not end reconnecting for good
      reconnectOnConnackError: true,
      // the bridge resubscribes itself after every connect (onConnect), session or not
      resubscribe: false,
      // no offline buffering in MQTT.js: the bridge has its own spool (bridge-contract §6)
      queueQoSZero: false,
      outgoingStore: this.store,
      will: { topic: opts.will.topic, payload: toBuffer(opts.will.payload), retain: true, qos: 1 },
    };
  }

  private publishOptions(opts: MqttPublishOptions): IClientPublishOptions {
    const out: IClientPublishOptions = { qos: opts.qos ?? 0, retain: opts.retain ?? false };
    if (this.version === 5 && opts.properties) out.properties = { ...opts.properties };
    return out;
  }

  private onConnect(client: MqttClient): void {
    // SUBSCRIBEs are written before the listeners hear about the connection, so anything the listeners
    // publish (retained availability) follows the subscriptions on the wire
    for (const entry of this.subscriptions.all()) {
      this.sendSubscribe(client, entry).catch((err: unknown) =>
        this.report(asError(err), `MQTT resubscription to ${entry.subscribeTo} failed`));
    }
    this.notifier.set(true);
  }

  private onClose(): void {
    const lost = [...this.inflight];
    this.inflight.clear();
    this.store.clear();
    for (const reject of lost) {
      reject(new MqttUnavailableError('connection to the MQTT broker closed before it acknowledged the publication'));
    }
    this.notifier.set(false);
  }

  private sendSubscribe(client: MqttClient, entry: FilterEntry): Promise<void> {
    const opts = subscribeOptions(entry, this.version, this.withSubscriptionIds(client));
    return new Promise((resolve, reject) => {
      client.subscribe(entry.subscribeTo, opts, (err) => {
        // a SUBACK failure code carries a numeric code; a dropped connection does not, and the next
        // onConnect() subscribes again
        if (err && typeof (err as { code?: unknown }).code === 'number') reject(err);
        else resolve();
      });
    });
  }

  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const msg = toInboundMessage({ ...packet, topic, payload });
    for (const entry of this.subscriptions.matching(topic, packet)) {
      for (const handler of entry.handlers) invokeHandler(handler, msg, this.report);
    }
  }
}

function toBuffer(payload: string | Buffer): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload) : payload;
}
