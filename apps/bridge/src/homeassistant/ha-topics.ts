import { createHash } from 'node:crypto';
import { isValidBoardId, type TopicScheme } from '../mqtt/topics';

/** The two SIM slots of an X-series board (board-protocol §2.1). */
export const SLOTS = [1, 2] as const;
export type Slot = (typeof SLOTS)[number];

/** HA's rule for `<node_id>` and `<object_id>` in a discovery topic (homeassistant/components/mqtt/discovery.py). */
export const HA_OBJECT_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * The topics of the Home Assistant integration (docs/home-assistant.md), built on the bridge's TopicScheme.
 * HA's own topics live under its discovery prefix; what the bridge adds for HA lives under
 * `{base}/{id}/ha/…` and `{base}/bridge/ha-discovery`, so a `{base}/#` subscriber sees all of it.
 */
export class HaTopics {
  constructor(readonly topics: TopicScheme, readonly prefix: string) {}

  /** `board_bridge_{base}_{id}`; also the device identifier and the stem of every unique_id. */
  objectId(devId: string): string {
    return objectIdOf(this.topics.base, devId);
  }

  /** Device-based discovery: `{prefix}/device/{object_id}/config`. */
  discovery(devId: string): string {
    return `${this.prefix}/device/${this.objectId(devId)}/config`;
  }

  /** Non-retained: one HA-shaped event per SMS or call event (the `event` entity's state topic). */
  event(devId: string): string {
    return `${this.boardLevel(devId)}/ha/event`;
  }

  /** Retained: who sent the latest SMS to this slot, and when. */
  lastSms(devId: string, slot: Slot): string {
    return `${this.boardLevel(devId)}/ha/last_sms/${slot}`;
  }

  /** Retained marker of every discovery config the bridge published, so a restart can remove stale ones. */
  marker(): string {
    return `${this.topics.base}/bridge/ha-discovery`;
  }

  private boardLevel(devId: string): string {
    if (!isValidBoardId(devId)) throw new RangeError(`board id ${JSON.stringify(devId)} cannot be a topic level`);
    return `${this.topics.base}/${devId}`;
  }
}

/**
 * Base and board id with every character HA refuses replaced by `_`; when anything had to be replaced a
 * short hash of the originals keeps two ids that differ only there apart.
 */
export function objectIdOf(base: string, devId: string): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');
  const id = `board_bridge_${clean(base)}_${clean(devId)}`;
  if (clean(base) === base && clean(devId) === devId) return id;
  return `${id}_${createHash('sha1').update(`${base}\u0000${devId}`).digest('hex').slice(0, 8)}`;
}
