import type { EventName } from '@board-bridge/board-protocol';
import {
  callControlData, callData, callForwardingData, dtmfData, modemErrorData, onlineData, pingData, replyData,
  simData, smsReceivedData, smsSentData, unknownData,
} from './event-data-schemas';
import {
  type JsonSchema, SLOT_OR_NULL, anyObject, integer, isoTime, nullableInteger, nullableTime, object, text,
} from './json-schema';

/** One event name of bridge-contract §3: the board types that become it and what its `data` holds. */
export interface EventDoc {
  event: EventName;
  /** Board types that map to this event; `null` for `unknown` (every type not listed elsewhere). */
  types: readonly number[] | null;
  summary: string;
  data: () => JsonSchema;
}

/**
 * bridge-contract §3's table, in its order; the types follow parse-message.ts's dispatch. Keyed by
 * EventName, so an event added to the protocol library does not compile until it is documented here.
 */
const EVENTS: { [E in EventName]: Omit<EventDoc, 'event'> } = {
  online: { types: [100, 101, 102], summary: 'the board came online (100 WiFi, 101 SIM1, 102 SIM2)', data: onlineData },
  sim_initializing: { types: [202], summary: 'a SIM slot is initialising', data: simData },
  sim_identified: { types: [203], summary: 'the SIM was identified', data: simData },
  sim_ready: { types: [204], summary: 'the SIM is registered and ready', data: simData },
  sim_removed: { types: [205], summary: 'the SIM was removed', data: simData },
  sim_error: { types: [209], summary: 'the SIM failed', data: simData },
  modem_error: { types: [301], summary: 'the cellular module of a slot failed', data: modemErrorData },
  sms_received: { types: [501], summary: 'an SMS arrived', data: smsReceivedData },
  sms_sent: { types: [501, 502], summary: 'an SMS was sent (the report of sendsms)', data: smsSentData },
  call_incoming: { types: [601], summary: 'an incoming call rings', data: () => callData('in') },
  call_answered: { types: [602], summary: 'an incoming call was answered', data: () => callData('in') },
  call_ended: { types: [603, 623], summary: 'a call ended (603 incoming, 623 outgoing)', data: () => callData('either') },
  call_dialing: { types: [620], summary: 'an outgoing call is being dialled', data: () => callData('out') },
  call_ringing: { types: [621], summary: 'an outgoing call rings at the other end', data: () => callData('out') },
  call_connected: { types: [622], summary: 'an outgoing call was answered', data: () => callData('out') },
  dtmf: { types: [641, 642], summary: 'a DTMF key during a call', data: dtmfData },
  call_control: { types: [681, 682, 683, 684, 685, 686, 687, 688, 689],
    summary: 'the report of a dial, answer or TTS command', data: callControlData },
  call_forwarding: { types: [701, 702, 703], summary: 'call forwarding set, failed or queried', data: callForwardingData },
  ping: { types: [998], summary: 'the board\'s keep-alive ping', data: pingData },
  reply: { types: [401, 402, 999], summary: 'the board\'s answer to a command; also drives the command\'s reply topic',
    data: replyData },
  unknown: { types: null, summary: 'any other board type; everything is in `raw`', data: unknownData },
};

export const EVENT_DOCS: readonly EventDoc[] = Object.entries(EVENTS)
  .map(([event, doc]) => ({ event: event as EventName, ...doc }));

const KNOWN_TYPES = [...new Set(EVENT_DOCS.flatMap((d) => d.types ?? []))].sort((a, b) => a - b);

/** `EventSmsReceived` for `sms_received`. */
export function eventSchemaName(event: string): string {
  return `Event${event.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

export function eventSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(EVENT_DOCS.map((doc) => [eventSchemaName(doc.event), envelopeSchema(doc)]));
}

/** The envelope of libs/board-protocol/src/message/envelope.ts, narrowed to one event. */
export function envelopeSchema(doc: EventDoc): JsonSchema {
  return object({
    v: { const: 1, description: 'envelope version' },
    eventId: text('stable id: the same board message always gets the same id', { pattern: '^[0-9a-f]{32}$' }),
    board: text('the board\'s devId', { minLength: 1, maxLength: 64 }),
    type: boardType(doc.types),
    event: { const: doc.event },
    transport: { enum: ['tcp', 'http'], description: 'how the message reached the bridge' },
    netCh: nullableInteger('path of the message: 0 WiFi, 1 SIM1, 2 SIM2'),
    slot: SLOT_OR_NULL,
    ts: nullableTime('the board\'s own time for the message, or null when it gives none'),
    receivedAt: isoTime('when the bridge received it'),
    data: doc.data(),
    raw: anyObject('the board\'s fields as received, after decryption'),
  }, { description: `${doc.summary} (bridge-contract §3)` });
}

function boardType(types: readonly number[] | null): JsonSchema {
  if (types === null) {
    return integer('any board type the bridge does not know', { minimum: 0, not: { enum: KNOWN_TYPES } });
  }
  return types.length === 1 ? { const: types[0], description: 'board message type' }
    : { enum: [...types], description: 'board message type' };
}
