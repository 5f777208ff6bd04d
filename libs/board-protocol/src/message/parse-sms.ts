import { readBoardTime } from './board-time';
import { readCharsetText, readNumber } from './charset-text';
import { own, pick, toId, toSlot, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import { readSimIdentity } from './parse-sim';
import type { SmsReceivedMessage, SmsSentMessage } from './types';

/**
 * §6.1: the sendsms page calls the success report "501 carrying the tid", the 502 page and every third
 * party say 502. A 501 with a `tid` but neither sender nor body can only be that report, so it becomes
 * `sms_sent`; a 501 with a body stays an incoming SMS and keeps its `tid`.
 */
export function parseSms501(base: BaseFields, fields: Fields): SmsReceivedMessage | SmsSentMessage {
  const tid = toId(own(fields, 'tid'));
  const isSendReport = tid !== null && pick(fields, 'phNum', 'smsBd') === undefined;
  return isSendReport ? parseSmsSent(base, fields) : parseSmsReceived(base, fields, tid);
}

function parseSmsReceived(base: BaseFields, fields: Fields, tid: string | null): SmsReceivedMessage {
  return {
    kind: 'sms_received',
    ...base,
    type: 501,
    slot: toSlot(own(fields, 'slot')),
    ...readSimIdentity(fields),
    from: readNumber(fields),
    text: readCharsetText(fields, 'smsBd'),
    charset: toId(own(fields, 'charset')),
    sentAt: readBoardTime(pick(fields, 'smsTm', 'smsTs')),
    tid,
  };
}

export function parseSmsSent(base: BaseFields, fields: Fields): SmsSentMessage {
  return {
    kind: 'sms_sent',
    ...base,
    type: base.type as 501 | 502,
    slot: toSlot(own(fields, 'slot')),
    tid: toId(own(fields, 'tid')),
  };
}
