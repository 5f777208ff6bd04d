import { isRecord, own, pick, toId, toInt, toText, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import { parseCallQuery, parseSmsQuery } from './parse-query';
import { looksLikeStat, parseStat } from './parse-stat';
import type { ReplyResult } from './reply-types';
import type { ReplyMessage, ReplyType } from './types';

/** §6.3 / UNKNOWN 7: the only known `subType` codes of 402 replies. */
const SUBTYPE_SMS_QUERY = 30;
const SUBTYPE_CALL_QUERY = 31;

/**
 * §3.1: v1 firmware answers with 999 (handshake ack, stat, asksimcfu), newer firmware with 402 plus
 * `subType`; 401 is only named ("command received"). All are the same `reply` with whatever result the
 * fields reveal, so a stat reply is recognised by its fields, not by its type.
 */
export function parseReply(base: BaseFields, fields: Fields): ReplyMessage {
  const subType = toInt(own(fields, 'subType'));
  return {
    kind: 'reply',
    ...base,
    type: base.type as ReplyType,
    code: toInt(own(fields, 'code')),
    message: toText(pick(fields, 'msg', 'val')),
    tid: toId(own(fields, 'tid')),
    subType,
    result: readResult(fields, subType),
  };
}

function readResult(fields: Fields, subType: number | null): ReplyResult | null {
  if (subType === SUBTYPE_SMS_QUERY) return parseSmsQuery(fields);
  if (subType === SUBTYPE_CALL_QUERY) return parseCallQuery(fields);
  if (looksLikeStat(fields)) return parseStat(fields);
  // A query reply whose subType was disabled or renamed (§2.4) is still recognisable by its rows.
  const results = own(fields, 'results');
  if (!Array.isArray(results)) return null;
  const first: unknown = results.find(isRecord);
  if (pick(first, 'smsBd', 'smsTs', 'smsTm') !== undefined) return parseSmsQuery(fields);
  if (pick(first, 'telStartTs', 'startTm', 'conn') !== undefined) return parseCallQuery(fields);
  return null;
}
