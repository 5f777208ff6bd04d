import type { IClientSubscribeOptions, IPublishPacket } from 'mqtt';
import type { InboundMqttHandler } from './mqtt-gateway';
import { filtersOverlap, isValidTopicFilter, topicMatches } from './topics';

export interface FilterEntry {
  /** What goes into SUBSCRIBE: the filter itself, or `$share/{group}/{filter}`. */
  readonly subscribeTo: string;
  /** What a message's topic is matched against: MQTT.js hands over the real topic, never the `$share/…` filter. */
  readonly filter: string;
  readonly shared: boolean;
  /** MQTT 5 Subscription Identifier: tells which of our subscriptions a message came through. */
  readonly id: number;
  readonly handlers: InboundMqttHandler[];
}

/**
 * The external adapter's subscriptions, normal and shared, keyed by what was sent in SUBSCRIBE. A topic matching
 * a normal and a shared filter arrives twice (one copy per subscription, each with its own identifier), and
 * each copy must reach only its own subscription's handlers: the shared copy may go to another instance.
 */
export class SubscriptionTable {
  private readonly entries = new Map<string, FilterEntry>();
  private nextId = 1;

  constructor(private readonly sharedGroup: string) {
    if (!/^[^/+#\u0000]+$/.test(sharedGroup)) {
      throw new RangeError(`invalid MQTT shared subscription group ${JSON.stringify(sharedGroup)}`);
    }
  }

  /** Adds the handler; returns the entry when it is new and must be subscribed, undefined when already known. */
  add(filter: string, handler: InboundMqttHandler, shared: boolean): FilterEntry | undefined {
    if (!isValidTopicFilter(filter) || (shared && filter.startsWith('$share/'))) {
      throw new RangeError(`invalid MQTT topic filter ${JSON.stringify(filter)}`);
    }
    const subscribeTo = shared ? `$share/${this.sharedGroup}/${filter}` : filter;
    const known = this.entries.get(subscribeTo);
    if (known) {
      known.handlers.push(handler);
      return undefined;
    }
    const entry: FilterEntry = { subscribeTo, filter, shared, id: this.nextId++, handlers: [handler] };
    this.entries.set(subscribeTo, entry);
    return entry;
  }

  remove(entry: FilterEntry): void {
    this.entries.delete(entry.subscribeTo);
  }

  all(): FilterEntry[] {
    return [...this.entries.values()];
  }

  /** The entries one delivered copy belongs to: by Subscription Identifier when the broker sent one. */
  matching(topic: string, packet: IPublishPacket): FilterEntry[] {
    const ids = packet.properties?.subscriptionIdentifier;
    return this.all().filter((e) => (ids === undefined ? topicMatches(e.filter, topic)
      : Array.isArray(ids) ? ids.includes(e.id) : ids === e.id));
  }

  /**
   * Without Subscription Identifiers (MQTT 3.1.1, or a broker without them) a copy cannot be told apart: a
   * message matching this entry and one of the other kind reaches both kinds' handlers, so a shared handler
   * may run on more than one instance. Returns the filters that clash with `entry`.
   */
  ambiguousWith(entry: FilterEntry): string[] {
    return this.all().filter((e) => e.shared !== entry.shared && filtersOverlap(e.filter, entry.filter))
      .map((e) => e.subscribeTo);
  }
}

/**
 * v5: Retain As Published keeps the publisher's RETAIN flag, so a retained command can be refused
 * (bridge-contract §2); 3.1.1 brokers clear it on live messages. Shared subscriptions also ask for no
 * retained messages on subscribe (Retain Handling 2): MQTT 5 §4.8.2 forbids sending them, but Mosquitto
 * 2.0.11 does, which would offer a stored command to every instance that starts.
 */
export function subscribeOptions(entry: FilterEntry, version: 4 | 5, withIds: boolean): IClientSubscribeOptions {
  if (version === 4) return { qos: 1 };
  const opts: IClientSubscribeOptions = entry.shared ? { qos: 1, rap: true, rh: 2 } : { qos: 1, rap: true };
  if (withIds) opts.properties = { subscriptionIdentifier: entry.id };
  return opts;
}
