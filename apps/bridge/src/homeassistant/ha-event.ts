import type { EventEnvelope, EventName } from '@board-bridge/board-protocol';
import type { Publication } from '../ingest/publication';
import type { HaTopics } from './ha-topics';

/** The bridge events (bridge-contract §3) the board's HA `event` entity fires: SMS and calls. */
export const HA_EVENT_TYPES = [
  'sms_received', 'sms_sent',
  'call_incoming', 'call_answered', 'call_dialing', 'call_ringing', 'call_connected', 'call_ended',
] as const satisfies readonly EventName[];

type HaEventType = (typeof HA_EVENT_TYPES)[number];

function isHaEventType(event: EventName): event is HaEventType {
  return (HA_EVENT_TYPES as readonly string[]).includes(event);
}

/**
 * The payload HA's MQTT event platform takes as is: a JSON object with `event_type` (one of the entity's
 * `event_types`); every other key becomes an event attribute (homeassistant/components/mqtt/event.py).
 * snake_case, as HA attributes are; null for what the board did not say. Null for events HA does not get.
 */
export function haEventPayload(e: EventEnvelope): Record<string, unknown> | null {
  if (!isHaEventType(e.event)) return null;
  const common = { event_type: e.event, board: e.board, slot: e.slot, event_id: e.eventId, received_at: e.receivedAt };
  const d = e.data;
  switch (e.event) {
    case 'sms_received':
      return { ...common, from: d.from ?? null, text: d.text ?? null, sent_at: d.sentAt ?? null, to: d.msisdn ?? null };
    case 'sms_sent':
      return { ...common, request_id: d.requestId ?? null };
    default:
      return {
        ...common, number: d.number ?? null, direction: d.direction ?? null,
        started_at: d.startedAt ?? null, ended_at: d.endedAt ?? null,
      };
  }
}

/**
 * The retained `{base}/{id}/ha/last_sms/{slot}` after an SMS arrived: sender and time (the board's, as in the
 * state's `lastSmsAt`). No text: a retained message stays on the broker for every later subscriber.
 */
export function lastSmsPayload(e: EventEnvelope): { slot: 1 | 2; payload: { slot: number; from: unknown; at: string } }
  | null {
  if (e.event !== 'sms_received' || (e.slot !== 1 && e.slot !== 2)) return null;
  const at = typeof e.data.sentAt === 'string' ? e.data.sentAt : e.receivedAt;
  return { slot: e.slot, payload: { slot: e.slot, from: e.data.from ?? null, at } };
}

/** What the bridge publishes for HA besides the event itself: the HA event and, for an SMS, the last-SMS topic. */
export function haPublications(ha: HaTopics, e: EventEnvelope): Publication[] {
  const event = haEventPayload(e);
  if (event === null) return [];
  const pubs: Publication[] = [
    { topic: ha.event(e.board), payload: JSON.stringify(event), qos: 1, retain: false, board: e.board },
  ];
  const last = lastSmsPayload(e);
  if (last !== null) {
    pubs.push({ topic: ha.lastSms(e.board, last.slot), payload: JSON.stringify(last.payload), qos: 1, retain: true,
      board: e.board });
  }
  return pubs;
}
