import type { EventEmitter } from 'node:events';
import { Aedes, type AedesOptions, type AedesPublishPacket, type PublishPacket } from 'aedes';
import { AedesRedisCluster, type AedesRedisOptions } from './aedes-redis-cluster';
import { ConnectionNotifier } from './connection-notifier';
import { readTlsFiles, type TlsFiles } from '../tls/tls-files';
import type { BrokerAuthHooks } from './auth/broker-auth';
import { ListenerSet, listenTcp, listenTls, listenWebSocket } from './embedded-listeners';
import { asError, type ErrorReporter, invokeHandler, toInboundMessage, warnReporter } from './inbound-message';
import { LocalPublications } from './local-publications';
import {
  type InboundMqttHandler, type MqttGateway, type MqttPublishOptions, MqttPublishRejectedError, MqttUnavailableError,
} from './mqtt-gateway';
import { isValidPublishTopic, isValidTopicFilter } from './topics';

export interface EmbeddedAedesOptions {
  host: string;
  /** 0 picks a free port; read the bound one from `port`. */
  port: number;
  /** MQTT over WebSocket (MQTT_WS_PORT); off when undefined. */
  wsPort?: number;
  /** MQTT over TLS (MQTT_TLS_PORT, 0 picks a free port) with PEM files read at start(); off when undefined. */
  tls?: TlsFiles & { port: number };
  /** Users and permissions (auth/broker-auth.ts); without them aedes lets every client do anything. */
  auth?: BrokerAuthHooks;
  /** Becomes the aedes broker id, so brokers sharing Redis tell each other apart. */
  instanceId: string;
  /**
   * The Redis-clustered mode (REDIS_URL without MQTT_URL, bridge-contract §1): the adapter opens
   * aedes-persistence-redis and mqemitter-redis on start() and closes their connections on stop().
   */
  redis?: Omit<AedesRedisOptions, 'instanceId'>;
  /** Raw aedes hooks for a persistence / emitter the caller owns (and closes); ignored when `redis` is set. */
  persistence?: unknown;
  mq?: unknown;
  onError?: ErrorReporter;
}

/** aedes refuses topics deeper than this (its maxTopicLevels default, clamped to 100). */
const AEDES_MAX_TOPIC_LEVELS = 100;
/** How long stop() waits for aedes.close() in the clustered mode before it cuts the Redis connections. */
const CLUSTER_CLOSE_GRACE_MS = 2000;
/** How long start() waits, clustered, for the emitter's Redis connections once the persistence has answered. */
const CLUSTER_READY_WAIT_MS = 2000;

type Deliver = (packet: AedesPublishPacket, done: () => void) => void;
interface Subscription {
  filter: string;
  deliver: Deliver;
}

/**
 * The broker runs in the bridge process. publish() goes straight into aedes (the fast path: ~180k msg/s
 * QoS 0 against ~100k through a client, stack.md §3); subscribe() listens on aedes' emitter. aedes 1.2.0
 * speaks MQTT 3.1/3.1.1 only (stack.md §6), so v5 properties rarely appear here. Clustered through Redis,
 * subscribe() sees every node's publications and subscribeShared() only this node's clients' ones.
 */
export class EmbeddedAedesAdapter implements MqttGateway {
  private broker?: Aedes;
  private starting?: Promise<void>;
  private readonly listeners = new ListenerSet();
  private readonly subscriptions: Subscription[] = [];
  private readonly local: LocalPublications;
  private cluster?: AedesRedisCluster;
  private readonly report: ErrorReporter;
  private readonly notifier: ConnectionNotifier;

  constructor(private readonly opts: EmbeddedAedesOptions) {
    this.report = opts.onError ?? warnReporter;
    this.notifier = new ConnectionNotifier((err) => this.report(asError(err), 'MQTT connection listener threw'));
    this.local = new LocalPublications(this.report);
  }

  /** The bound TCP port (useful with port 0); 0 while stopped. */
  get port(): number {
    return this.listeners.port('tcp') ?? 0;
  }

  get wsPort(): number | undefined {
    return this.listeners.port('ws');
  }

  get tlsPort(): number | undefined {
    return this.listeners.port('tls');
  }

  get connected(): boolean {
    return this.notifier.connected;
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.notifier.add(listener);
  }

  start(): Promise<void> {
    // a second start() while the first is still listening must not build a second broker
    this.starting ??= this.open().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async open(): Promise<void> {
    if (this.broker) return;
    const broker = await this.createBroker();
    // handlers first, so no command published by an early client is missed
    await Promise.all(this.subscriptions.map((sub) => brokerSubscribe(broker, sub)));
    try {
      await this.listen(broker);
    } catch (err) {
      await this.listeners.closeAll();
      await this.close(broker);
      throw err;
    }
    this.broker = broker;
    this.updateConnected();
  }

  private async createBroker(): Promise<Aedes> {
    const cluster = this.opts.redis
      ? AedesRedisCluster.connect({ ...this.opts.redis, instanceId: this.opts.instanceId }, this.report) : undefined;
    this.cluster = cluster;
    // a later start() builds a new cluster: the old connections' events must not touch its state
    cluster?.onReadyChange(() => this.cluster === cluster && this.updateConnected());
    let broker: Aedes;
    try {
      broker = await Aedes.createBroker(this.brokerOptions(cluster));
    } catch (err) {
      await this.closeCluster();
      if (!cluster) throw err;
      throw new MqttUnavailableError(`embedded MQTT broker could not reach Redis (REDIS_URL): ${asError(err).message}`,
        { cause: err });
    }
    // the persistence answered; the emitter's two connections usually are up by now as well, so start() can
    // report connected at once and the bridge's first retained publications need no retry
    await cluster?.whenReady(CLUSTER_READY_WAIT_MS);
    // aedes emits 'error' when persistence fails (aedes.js DoEnqueues); unhandled, that would end the process
    const emitter: EventEmitter = broker;
    emitter.on('error', (err: Error) => this.report(err, 'embedded MQTT broker'));
    this.local.attach(broker);
    return broker;
  }

  /** Connected = listening and, when clustered, Redis up: every publication goes through Redis (stack.md pitfall 7). */
  private updateConnected(): void {
    this.notifier.set(this.broker !== undefined && (this.cluster?.ready ?? true));
  }

  async stop(): Promise<void> {
    const broker = this.broker;
    if (!broker) return;
    this.broker = undefined;
    this.notifier.set(false);
    // stop accepting and drop sockets first, so no client connects to a broker that is closing
    await this.listeners.closeAll();
    await this.close(broker);
  }

  private async close(broker: Aedes): Promise<void> {
    // with Redis down aedes.close() can wait for ever on the persistence: after a grace the connections are cut
    await (this.cluster ? within(closeBroker(broker), CLUSTER_CLOSE_GRACE_MS) : closeBroker(broker));
    await this.closeCluster();
  }

  private async closeCluster(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    await cluster?.close();
  }

  private retainedTail: Promise<void> = Promise.resolve();

  publish(topic: string, payload: string | Buffer, opts: MqttPublishOptions = {}): Promise<void> {
    const broker = this.broker;
    if (!broker || broker.closed) return Promise.reject(new MqttUnavailableError('embedded MQTT broker is not running'));
    // clustered and Redis down: aedes would hold the publication in ioredis' queue; the caller's spool keeps it
    if (!this.notifier.connected) return Promise.reject(new MqttUnavailableError('embedded MQTT broker has no Redis'));
    if (!isValidPublishTopic(topic) || topic.split('/').length > AEDES_MAX_TOPIC_LEVELS) {
      return Promise.reject(new MqttPublishRejectedError(topic, undefined, 'invalid topic name'));
    }
    const packet: PublishPacket = {
      cmd: 'publish', topic, payload: opts.retain ? ownBuffer(payload) : typeof payload === 'string' ? Buffer.from(payload) : payload,
      qos: opts.qos ?? 0, retain: opts.retain ?? false, dup: false,
      ...(opts.properties ? { properties: opts.properties } : {}),
    };
    const send = () => new Promise<void>((resolve, reject) => {
      // the topic was validated above, so an error here comes from persistence or the emitter (Redis in the
      // clustered mode): transient, the caller's spool retries (bridge-contract §6)
      broker.publish(packet, (err) => (err ? reject(new MqttUnavailableError(
        `embedded MQTT broker could not take the publication: ${err.message}`, { cause: err })) : resolve()));
    });
    if (!packet.retain) return send();
    // aedes 1.2.0 does not deliver an in-process retained publication to live subscribers when another
    // broker.publish() is under way (found by test/mqtt-gateway.e2e-spec.ts "concurrent retained"):
    // retained publications go one at a time. They are rare (availability, state), events are not held up.
    const result = this.retainedTail.then(send, send);
    this.retainedTail = result.catch(() => undefined);
    return result;
  }

  async subscribe(filter: string, handler: InboundMqttHandler): Promise<void> {
    if (!isValidTopicFilter(filter)) throw new RangeError(`invalid MQTT topic filter ${JSON.stringify(filter)}`);
    // during start(), wait: open() applies only the subscriptions it saw, this one comes after
    if (this.starting) await this.starting.catch(() => undefined);
    const sub: Subscription = { filter, deliver: this.deliverTo(filter, handler) };
    this.subscriptions.push(sub);
    if (this.broker) await brokerSubscribe(this.broker, sub);
  }

  async subscribeShared(filter: string, handler: InboundMqttHandler): Promise<void> {
    if (!isValidTopicFilter(filter) || filter.startsWith('$share/')) {
      throw new RangeError(`invalid MQTT topic filter ${JSON.stringify(filter)}`);
    }
    // no broker subscription: local-publications.ts listens on each broker's 'publish' event from its creation
    this.local.add(filter, handler);
  }

  private deliverTo(filter: string, handler: InboundMqttHandler): Deliver {
    // aedes' own `$SYS/...` heartbeats go through the same emitter; a leading wildcard must not see them
    // [MQTT-4.7.2-1]
    const skipSys = !filter.startsWith('$');
    return (packet, done) => {
      if (!(skipSys && packet.topic.startsWith('$'))) {
        // aedes sets `clientId` on the packet before it reaches the emitter (aedes.js emitPacket); it is
        // absent for the bridge's own broker.publish() calls
        const { clientId } = packet as AedesPublishPacket & { clientId?: string };
        invokeHandler(handler, toInboundMessage({ ...packet, clientId }), this.report);
      }
      done();
    };
  }

  private brokerOptions(cluster?: AedesRedisCluster): AedesOptions {
    const o: AedesOptions = { id: this.opts.instanceId, ...this.opts.auth };
    const persistence = cluster ? cluster.persistence : this.opts.persistence;
    const mq = cluster ? cluster.mq : this.opts.mq;
    if (persistence !== undefined) o.persistence = persistence;
    if (mq !== undefined) o.mq = mq;
    return o;
  }

  private async listen(broker: Aedes): Promise<void> {
    const { host, port, wsPort, tls } = this.opts;
    this.listeners.add('tcp', await listenTcp((socket) => broker.handle(socket),
      { host, port, what: 'MQTT', setting: 'MQTT_PORT' }, this.report));
    if (wsPort !== undefined) {
      this.listeners.add('ws', await listenWebSocket((stream, req) => broker.handle(stream, req),
        { host, port: wsPort, what: 'MQTT WebSocket', setting: 'MQTT_WS_PORT' }, this.report));
    }
    if (tls) {
      this.listeners.add('tls', await listenTls((socket) => broker.handle(socket),
        { host, port: tls.port, what: 'MQTT TLS', setting: 'MQTT_TLS_PORT' }, readTlsFiles(tls, 'MQTT_TLS'), this.report));
    }
  }
}

/**
 * A retained payload in a buffer of its own. aedes keeps the Buffer it is given in its retained store for as
 * long as the topic's value stands; a small `Buffer.from()` is a slice of Node's shared 8 KiB pool, so each
 * retained availability or state pinned a whole pool slab: about 2.7 KiB per board at 19 000 idle boards
 * (a heap snapshot in `npm run bench:sessions`, docs/performance.md).
 */
function ownBuffer(payload: string | Buffer): Buffer {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const own = Buffer.allocUnsafeSlow(size);
  if (typeof payload === 'string') own.write(payload);
  else payload.copy(own);
  return own;
}

function brokerSubscribe(broker: Aedes, sub: Subscription): Promise<void> {
  return new Promise((resolve) => broker.subscribe(sub.filter, sub.deliver, () => resolve()));
}

function closeBroker(broker: Aedes): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()));
}

/** Resolves when `p` does or after `ms`, whichever comes first. */
function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
