import { readNumber } from './charset-text';
import { own, pick, toId, toSlot, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import type {
  CallControlMessage, CallControlResult, CallControlType, CallForwardingMessage, ForwardingType,
} from './types';

/**
 * §2.2 names 681–689 without payloads. §6.8: 685 is "answer failed" on the vendor's settings page and
 * "AMR playback finished" in a third-party v137 list; the vendor wins, and `raw` keeps what came. 683 is
 * only known from that list ("AMR playback OK"). 686 is named nowhere.
 */
const RESULT_OF_TYPE: Record<CallControlType, CallControlResult> = {
  681: 'dial_ok',
  682: 'dial_failed',
  683: 'amr_ok',
  684: 'answer_ok',
  685: 'answer_failed',
  686: 'undocumented',
  687: 'tts_started',
  688: 'tts_failed',
  689: 'tts_finished',
};

export function parseCallControl(base: BaseFields, fields: Fields): CallControlMessage {
  const type = base.type as CallControlType;
  return {
    kind: 'call_control',
    ...base,
    type,
    result: RESULT_OF_TYPE[type],
    slot: toSlot(own(fields, 'slot')),
    tid: toId(own(fields, 'tid')),
    number: readNumber(fields),
    // [3P] v137 failure reports use `note`; the 70x pages use `reason`.
    reason: toId(pick(fields, 'reason', 'note')),
  };
}

/** §3.2 simcfu / asksimcfu: 701 set, 702 failed (with `reason`), 703 the current target. */
const FORWARDING_STATUS: Record<ForwardingType, CallForwardingMessage['status']> = {
  701: 'set',
  702: 'failed',
  703: 'current',
};

export function parseForwarding(base: BaseFields, fields: Fields): CallForwardingMessage {
  const type = base.type as ForwardingType;
  return {
    kind: 'call_forwarding',
    ...base,
    type,
    status: FORWARDING_STATUS[type],
    slot: toSlot(own(fields, 'slot')),
    imsi: toId(own(fields, 'imsi')),
    iccid: toId(pick(fields, 'iccId', 'iccid')),
    target: readNumber(fields),
    reason: toId(own(fields, 'reason')),
  };
}
