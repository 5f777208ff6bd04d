/**
 * The one place topic strings are built and parsed (style.md rule 6; layout in bridge-contract §2).
 * Board ids are used verbatim as a topic level, so anything that would change the topic's shape
 * (`/`, `+`, `#`, NUL) is refused rather than escaped: an escaped id would no longer match the board's devId.
 */

/** Longest single level we accept (UTF-8 bytes). devIds are 12–15 digits; the cap keeps hostile input small. */
export const MAX_TOPIC_LEVEL_BYTES = 128;
/** [MQTT-1.5.3] a topic is a UTF-8 string of at most 65,535 bytes. */
export const MAX_TOPIC_BYTES = 65_535;
/** Board id that would collide with `{base}/bridge/{instance}/state` (bridge-contract §2). */
export const RESERVED_BOARD_ID = 'bridge';

const FORBIDDEN_IN_LEVEL = /[/+#\u0000]/;
const FORBIDDEN_IN_TOPIC = /[+#\u0000]/;

/** True for a non-empty level without `/`, `+`, `#` or NUL, at most MAX_TOPIC_LEVEL_BYTES long. */
export function isValidTopicLevel(level: string): boolean {
  return typeof level === 'string' && level.length > 0 && !FORBIDDEN_IN_LEVEL.test(level)
    && Buffer.byteLength(level) <= MAX_TOPIC_LEVEL_BYTES;
}

/** A board id must be a valid level and must not be the reserved `bridge` level. */
export function isValidBoardId(id: string): boolean {
  return isValidTopicLevel(id) && id !== RESERVED_BOARD_ID;
}

/** A topic one may publish to: no wildcards [MQTT-3.3.2-2], no NUL [MQTT-1.5.3-2], not empty, not too long. */
export function isValidPublishTopic(topic: string): boolean {
  return typeof topic === 'string' && topic.length > 0 && !FORBIDDEN_IN_TOPIC.test(topic)
    && Buffer.byteLength(topic) <= MAX_TOPIC_BYTES;
}

/** A subscription filter: `+` only as a whole level, `#` only as the whole last level [MQTT-4.7.1-1/2]. */
export function isValidTopicFilter(filter: string): boolean {
  if (typeof filter !== 'string' || filter.length === 0 || filter.includes('\u0000')) return false;
  if (Buffer.byteLength(filter) > MAX_TOPIC_BYTES) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    return !level.includes('+') || level === '+';
  });
}

/**
 * Does `topic` match `filter`? Used by the external adapter to route a message to the handlers whose
 * filters match, since MQTT.js delivers every message through one 'message' event.
 */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  // [MQTT-4.7.2-1] a leading wildcard never matches a topic starting with `$`
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    // `#` also matches the parent level itself: `a/#` matches `a` [MQTT-4.7.1-2]
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Could one topic match both filters? Used to warn when the external adapter cannot tell which of two
 * subscriptions a message came through (no MQTT 5 Subscription Identifiers).
 */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  // [MQTT-4.7.2-1] a leading wildcard never matches `$` topics, which only a `$` filter names
  if (x[0].startsWith('$') !== y[0].startsWith('$') && (isWildcard(x[0]) || isWildcard(y[0]))) return false;
  for (let i = 0; ; i++) {
    // `#` matches the rest, including the parent level itself [MQTT-4.7.1-2]
    if (x[i] === '#' || y[i] === '#') return true;
    if (i >= x.length || i >= y.length) return x.length === y.length;
    if (x[i] !== '+' && y[i] !== '+' && x[i] !== y[i]) return false;
  }
}

function isWildcard(level: string): boolean {
  return level === '+' || level === '#';
}

export interface CommandTopic {
  board: string;
  cmd: string;
}

/** Builds and parses every topic of bridge-contract §2 under one base topic (MQTT_BASE_TOPIC). */
export class TopicScheme {
  private readonly prefix: string;

  constructor(readonly base: string) {
    if (!isValidPublishTopic(base) || base.startsWith('/') || base.endsWith('/') || base.includes('//')) {
      throw new RangeError(`invalid MQTT base topic ${JSON.stringify(base)}: no #, + or NUL, no empty level`);
    }
    this.prefix = `${base}/`;
  }

  availability(id: string): string {
    return `${this.prefix}${board(id)}/availability`;
  }

  state(id: string): string {
    return `${this.prefix}${board(id)}/state`;
  }

  event(id: string, event: string): string {
    return `${this.prefix}${board(id)}/event/${level(event, 'event name')}`;
  }

  command(id: string, cmd: string): string {
    return `${this.prefix}${board(id)}/command/${level(cmd, 'command name')}`;
  }

  commandReply(id: string, cmd: string): string {
    return `${this.command(id, cmd)}/reply`;
  }

  bridgeState(instance: string): string {
    return `${this.prefix}bridge/${level(instance, 'instance id')}/state`;
  }

  /** What the bridge subscribes to for commands; `/reply` topics are one level deeper and do not match. */
  commandFilter(): string {
    return `${this.prefix}+/command/+`;
  }

  /** `{base}/{id}/command/{cmd}` → its parts; null for anything else, including hostile or reply topics. */
  parseCommandTopic(topic: string): CommandTopic | null {
    if (typeof topic !== 'string' || !topic.startsWith(this.prefix)) return null;
    if (Buffer.byteLength(topic) > MAX_TOPIC_BYTES) return null;
    const rest = topic.slice(this.prefix.length).split('/');
    if (rest.length !== 3 || rest[1] !== 'command') return null;
    const [boardId, , cmd] = rest;
    if (!isValidBoardId(boardId) || !isValidTopicLevel(cmd)) return null;
    return { board: boardId, cmd };
  }
}

function level(value: string, what: string): string {
  if (!isValidTopicLevel(value)) {
    throw new RangeError(`${what} ${JSON.stringify(value)} cannot be a topic level: ` +
      `it must be 1–${MAX_TOPIC_LEVEL_BYTES} bytes without /, +, # or NUL`);
  }
  return value;
}

function board(id: string): string {
  if (id === RESERVED_BOARD_ID) throw new RangeError(`board id "${RESERVED_BOARD_ID}" is reserved for bridge topics`);
  return level(id, 'board id');
}
