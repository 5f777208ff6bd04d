import { readBoardTime } from './board-time';
import { readCharsetText, readNumber } from './charset-text';
import { isRecord, own, pick, toId, toInt, toSlot, toText, type Fields } from './fields';
import type { CallQueryResult, CallRecord, SmsQueryResult, SmsRecord } from './reply-types';
import type { CallDirection } from './types';

/** §3.2 querysms / querytel: `offset` and `limit` come back as strings, `qkey` is the keyword filter. */
export function parseSmsQuery(fields: Fields): SmsQueryResult {
  const records = readRows(fields).map(readSmsRecord);
  const limit = toInt(own(fields, 'limit'));
  return {
    kind: 'sms_query',
    offset: toInt(own(fields, 'offset')),
    limit,
    keyword: toText(own(fields, 'qkey')) || null,
    hasMore: hasMore(records.length, limit),
    records,
  };
}

export function parseCallQuery(fields: Fields): CallQueryResult {
  const records = readRows(fields).map(readCallRecord);
  const limit = toInt(own(fields, 'limit'));
  return {
    kind: 'call_query',
    offset: toInt(own(fields, 'offset')),
    limit,
    callType: toInt(own(fields, 'callType')),
    keyword: toText(own(fields, 'qkey')) || null,
    hasMore: hasMore(records.length, limit),
    records,
  };
}

/** §3.2: the board returns limit + 1 rows when another page exists. */
function hasMore(rows: number, limit: number | null): boolean {
  return limit !== null && rows > limit;
}

function readRows(fields: Fields): Fields[] {
  const results = own(fields, 'results');
  return Array.isArray(results) ? results.filter(isRecord) : [];
}

function readSmsRecord(row: Fields): SmsRecord {
  return {
    slot: toSlot(own(row, 'slot')),
    direction: readDirection(own(row, 'dir')),
    number: readNumber(row),
    text: readCharsetText(row, 'smsBd'),
    at: readBoardTime(pick(row, 'smsTs', 'smsTm')),
  };
}

function readCallRecord(row: Fields): CallRecord {
  const conn = toInt(own(row, 'conn'));
  return {
    slot: toSlot(own(row, 'slot')),
    direction: readDirection(own(row, 'dir')),
    number: toId(own(row, 'phNum')),
    startedAt: readBoardTime(pick(row, 'telStartTs', 'startTm')),
    endedAt: readBoardTime(pick(row, 'telEndTs', 'endTm')),
    connected: conn === 0 || conn === 1 ? conn === 1 : null,
  };
}

/** `dir`: 0 received/incoming, 1 sent/outgoing, for both queries. */
function readDirection(value: unknown): CallDirection | null {
  const dir = toInt(value);
  return dir === 0 ? 'in' : dir === 1 ? 'out' : null;
}
