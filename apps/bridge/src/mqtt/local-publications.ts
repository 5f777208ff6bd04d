import type { Aedes, AedesPublishPacket, Client } from 'aedes';
import { type ErrorReporter, invokeHandler, toInboundMessage } from './inbound-message';
import type { InboundMqttHandler } from './mqtt-gateway';
import { topicMatches } from './topics';

interface LocalSubscription {
  filter: string;
  handler: InboundMqttHandler;
}

/**
 * subscribeShared() for the embedded broker: hands each handler the publications that MQTT clients made on
 * THIS aedes node, so that with several nodes clustered through Redis each one is handled exactly once, by
 * the node its publisher is connected to (bridge-contract §4).
 *
 * Why aedes' 'publish' event and not broker.subscribe(): a subscription on the emitter (mqemitter-redis when
 * clustered) sees every node's publications. aedes 1.2.0 emits 'publish' in `callPublished`, the last step
 * of `Aedes.publish()` (aedes.js), which only runs on the node where `publish()` was called, after the
 * retained store and the emitter (Redis) accepted the message. Its `client` is the connection the message
 * came in on (lib/handlers/publish.js passes it) and null for the broker's own publications: the bridge's
 * publish(), `$SYS` heartbeats, and wills a node clears for a dead node. Its packet is the one the client
 * sent, so RETAIN and QoS are the publisher's. Retained messages already stored are never replayed
 * through it, so a stored retained command is not offered to a node that subscribes later.
 */
export class LocalPublications {
  private readonly subs: LocalSubscription[] = [];

  constructor(private readonly report: ErrorReporter) {}

  add(filter: string, handler: InboundMqttHandler): void {
    this.subs.push({ filter, handler });
  }

  /** Listens on one broker; called once for each broker the adapter creates, before it accepts clients. */
  attach(broker: Aedes): void {
    broker.on('publish', (packet, client) => this.onPublish(packet, client));
  }

  private onPublish(packet: AedesPublishPacket, client: Client | null): void {
    if (!client) return;
    for (const sub of this.subs) {
      if (!topicMatches(sub.filter, packet.topic)) continue;
      // one message per handler, as subscribe() does: a handler cannot change what the next one sees
      invokeHandler(sub.handler, toInboundMessage({ ...packet, clientId: client.id }), this.report);
    }
  }
}
