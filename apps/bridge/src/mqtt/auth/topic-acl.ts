import { filtersOverlap, TopicScheme, topicMatches } from '../topics';

/** bridge-contract §2 as permissions: what each role of the embedded broker may read and publish. */
export type MqttRole = 'reader' | 'operator' | 'admin';
export const MQTT_ROLES: readonly MqttRole[] = ['reader', 'operator', 'admin'];

/** Who a connected client is: a user of MQTT_USERS_FILE, or the anonymous client when allowed. */
export interface MqttPrincipal {
  readonly name: string;
  readonly role: MqttRole;
  /** operator only: the boards it may command; all when absent. */
  readonly boards?: ReadonlySet<string>;
  /** operator only: the commands it may send, lower case; all when absent. */
  readonly commands?: ReadonlySet<string>;
}

/** Why a publication was refused; bounded, so it can be a metric label. */
export type PublishDenial = 'system' | 'bridge-topic' | 'role' | 'board' | 'command';
export type SubscribeDenial = 'system' | 'role';

/**
 * Pure topic permissions under one base topic. Readers and operators may read availability, state,
 * events, command replies and bridge state, never the commands themselves (they carry numbers and texts);
 * operators may also publish `{base}/{id}/command/{cmd}`; admins may read everything and publish anything
 * but the bridge's own topics, which only the bridge publishes (in process, without these checks).
 */
export class TopicAcl {
  /** Both what readers may read and what nobody but the bridge may publish. */
  readonly bridgeTopics: readonly string[];
  private readonly scheme: TopicScheme;

  constructor(base: string) {
    this.scheme = new TopicScheme(base);
    // bridge-contract §2, plus what the Home Assistant integration adds per board (docs/home-assistant.md)
    this.bridgeTopics = [`${base}/+/availability`, `${base}/+/state`, `${base}/+/event/#`,
      `${base}/+/command/+/reply`, `${base}/bridge/#`, `${base}/+/ha/#`];
  }

  /** Topics the bridge alone publishes: nobody may spoof availability, state, events or replies. */
  isBridgeTopic(topic: string): boolean {
    return this.bridgeTopics.some((f) => topicMatches(f, topic));
  }

  /** null when `who` may publish to `topic`, else the reason it may not. */
  publishDenial(who: MqttPrincipal, topic: string): PublishDenial | null {
    // `$SYS/…` and friends belong to the broker (aedes' default check, which these hooks replace)
    if (topic.startsWith('$')) return 'system';
    if (this.isBridgeTopic(topic)) return 'bridge-topic';
    if (who.role === 'admin') return null;
    const cmd = who.role === 'operator' ? this.scheme.parseCommandTopic(topic) : null;
    if (!cmd) return 'role';
    if (who.boards && !who.boards.has(cmd.board)) return 'board';
    // command names are case-insensitive on the board side (command table lookup)
    if (who.commands && !who.commands.has(cmd.cmd.toLowerCase())) return 'command';
    return null;
  }

  /**
   * null when `who` may subscribe to `filter`: for readers and operators, when it can match a topic they may
   * read. A wider filter such as `{base}/#` is granted and mayRead() keeps the rest (commands, which carry
   * numbers and texts) from being delivered, as Mosquitto does with `topic read` lines; a filter that can
   * match nothing readable (`other/#`, `$SYS/#`) is refused so the client learns at once.
   */
  subscribeDenial(who: MqttPrincipal, filter: string): SubscribeDenial | null {
    if (filter.startsWith('$')) return who.role === 'admin' && !filter.startsWith(BLACK_HOLE_ROOT) ? null : 'system';
    if (who.role === 'admin') return null;
    return this.bridgeTopics.some((f) => filtersOverlap(f, filter)) ? null : 'role';
  }

  /** May a message on `topic` be delivered to `who`? Checked for every message aedes forwards. */
  mayRead(who: MqttPrincipal, topic: string): boolean {
    if (topic.startsWith(BLACK_HOLE_ROOT)) return false;
    return who.role === 'admin' || this.isBridgeTopic(topic);
  }
}

/**
 * Where a refused publication goes instead (see broker-auth.ts): a `$` topic no wildcard subscription
 * matches [MQTT-4.7.2-1], that nobody may subscribe to and that nothing in the bridge listens on.
 */
export const BLACK_HOLE_ROOT = '$board-bridge';
export const BLACK_HOLE_TOPIC = `${BLACK_HOLE_ROOT}/denied`;
