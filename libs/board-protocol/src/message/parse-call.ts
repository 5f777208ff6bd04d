import { readBoardTime } from './board-time';
import { own, pick, toId, toSlot, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import { readSimIdentity } from './parse-sim';
import { readNumber } from './charset-text';
import type { CallDirection, CallMessage, CallPhase, CallType, DtmfMessage, DtmfType } from './types';

/** §2.2: 60x are incoming calls, 62x outgoing (`teldial`). */
const CALL_OF_TYPE: Record<CallType, { direction: CallDirection; phase: CallPhase }> = {
  601: { direction: 'in', phase: 'ringing' },
  602: { direction: 'in', phase: 'answered' },
  603: { direction: 'in', phase: 'ended' },
  620: { direction: 'out', phase: 'dialing' },
  621: { direction: 'out', phase: 'ringing' },
  622: { direction: 'out', phase: 'connected' },
  623: { direction: 'out', phase: 'ended' },
};

export function parseCall(base: BaseFields, fields: Fields): CallMessage {
  const type = base.type as CallType;
  return {
    kind: 'call',
    ...base,
    type,
    ...CALL_OF_TYPE[type],
    slot: toSlot(own(fields, 'slot')),
    ...readSimIdentity(fields),
    number: readNumber(fields),
    // §6.5: v1 pages say startTm/endTm, newer pages and querytel telStartTs/telEndTs.
    startedAt: readBoardTime(pick(fields, 'startTm', 'telStartTs')),
    endedAt: readBoardTime(pick(fields, 'endTm', 'telEndTs')),
  };
}

/**
 * §6.7: the pages contradict each other on 641/642; this follows the message-settings page (641 = local
 * key press from `telkeypress`, 642 = remote party), which is also what bridge-contract §3 names.
 */
export function parseDtmf(base: BaseFields, fields: Fields): DtmfMessage {
  const type = base.type as DtmfType;
  return {
    kind: 'dtmf',
    ...base,
    type,
    side: type === 641 ? 'local' : 'remote',
    slot: toSlot(own(fields, 'slot')),
    ...readSimIdentity(fields),
    key: toId(pick(fields, 'reason', 'key')),
    number: readNumber(fields),
    startedAt: readBoardTime(pick(fields, 'startTm', 'telStartTs')),
  };
}
