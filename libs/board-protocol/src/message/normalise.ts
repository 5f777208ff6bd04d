import type { EventEnvelope, NormaliseContext } from './envelope';
import { eventData } from './event-data';
import { eventId } from './event-id';
import { eventName, messageSlot, messageTime } from './event-meta';
import type { BoardMessage } from './types';

/**
 * Builds the bridge-contract §3 envelope for one parsed message. Pure: the same message and context
 * always give the same envelope.
 * @throws RangeError only if `ctx.receivedAt` is an invalid Date (a caller bug, not board input).
 */
export function normalise(msg: BoardMessage, ctx: NormaliseContext): EventEnvelope {
  const ts = messageTime(msg);
  return {
    v: 1,
    eventId: eventId(msg),
    board: msg.devId,
    type: msg.type,
    event: eventName(msg),
    transport: ctx.transport,
    netCh: msg.netCh,
    slot: messageSlot(msg),
    ts: ts === null ? null : ts.toISOString(),
    receivedAt: ctx.receivedAt.toISOString(),
    data: eventData(msg),
    raw: msg.raw,
  };
}
