import type { EventName } from './envelope';
import type { BoardMessage, CallMessage, SimStatus } from './types';

const SIM_EVENTS: Record<SimStatus, EventName> = {
  initializing: 'sim_initializing',
  identified: 'sim_identified',
  ready: 'sim_ready',
  removed: 'sim_removed',
  error: 'sim_error',
};

/** bridge-contract §3: one event name per board type; 603 and 623 share `call_ended` (direction tells). */
const CALL_EVENTS: Record<CallMessage['type'], EventName> = {
  601: 'call_incoming',
  602: 'call_answered',
  603: 'call_ended',
  620: 'call_dialing',
  621: 'call_ringing',
  622: 'call_connected',
  623: 'call_ended',
};

export function eventName(msg: BoardMessage): EventName {
  switch (msg.kind) {
    case 'sim': return SIM_EVENTS[msg.status];
    case 'call': return CALL_EVENTS[msg.type];
    default: return msg.kind;
  }
}

/** The slot the message is about, for the envelope's top-level `slot`. */
export function messageSlot(msg: BoardMessage): number | null {
  return 'slot' in msg ? msg.slot : null;
}

/**
 * The board's own time for the message, or null. An SMS has its own time (`smsTm`/`smsTs`); an ended call
 * its end. Otherwise `msgTs` (§2.1, newer firmware) is the moment of this very message, so it beats a
 * call's `startTm`, which every phase of the call repeats; `startTm` is the last resort.
 */
export function messageTime(msg: BoardMessage): Date | null {
  switch (msg.kind) {
    case 'sms_received': return msg.sentAt ?? msg.msgTs;
    case 'call': return msg.endedAt ?? msg.msgTs ?? msg.startedAt;
    case 'dtmf': return msg.msgTs ?? msg.startedAt;
    case 'reply': return msg.msgTs ?? (msg.result?.kind === 'stat' ? msg.result.deviceTime : null);
    default: return msg.msgTs;
  }
}
