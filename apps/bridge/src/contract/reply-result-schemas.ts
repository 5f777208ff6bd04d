import {
  type JsonSchema, SLOT_OR_NULL, nullable, nullableInteger, nullableNumber, nullableText, nullableTime, object,
  ref,
} from './json-schema';

/**
 * `data.result` of a `reply` event: the typed answers of stat, querysms and querytel
 * (libs/board-protocol/src/message/reply-types.ts), with every Date as an ISO-8601 string.
 */
export function replyResultSchemas(): Record<string, JsonSchema> {
  return {
    ReplyResult: {
      description: 'the typed answer of stat, querysms or querytel; `kind` tells which',
      oneOf: [ref('StatResult'), ref('SmsQueryResult'), ref('CallQueryResult')],
    },
    StatResult: statResult(),
    StatSlot: statSlot(),
    SmsQueryResult: queryResult('sms_query', ref('SmsRecord'), {}),
    SmsRecord: smsRecord(),
    CallQueryResult: queryResult('call_query', ref('CallRecord'),
      { callType: nullableInteger('0 all, 1 incoming, 2 outgoing, 3 missed') }),
    CallRecord: callRecord(),
  };
}

const direction = { description: 'in = received / incoming, out = sent / outgoing', enum: ['in', 'out', null] };

function statResult(): JsonSchema {
  return object({
    kind: { const: 'stat' },
    hwVer: nullableText('firmware version'),
    dailyRestartHour: nullableInteger('hour of the daily reboot; above 23 = off'),
    dailyOtaHour: nullableInteger('hour of the daily firmware update; above 23 = off'),
    pingSeconds: nullableInteger('interval of the 998 ping'),
    wifi: nullable(object({
      ssid: nullableText('WiFi network name'),
      ip: nullableText('IP address'),
      signal: nullableNumber('WiFi signal, a percentage'),
    })),
    netOrder: { type: ['array', 'null'], items: { type: 'integer' }, description: 'SIM order for TCP without WiFi' },
    deviceTime: nullableTime('the board clock (read in the board\'s time zone)'),
    slots: object({ 1: ref('StatSlot'), 2: ref('StatSlot') }),
  }, { description: 'the stat answer (board-protocol §3.2), in any of its three field generations' });
}

function statSlot(): JsonSchema {
  return object({
    moduleStatus: nullableText('`slotN_sta`: ERR, NOSIM, POWON, POWOFF'),
    module: nullableText('cellular module firmware'),
    simStatus: nullableText('`simN_sta`: OK, PUK, NS (no service), LT (limited)'),
    operator: nullableText('`simN_op`: C, U, T, X, N'),
    plmn: nullableText('operator code'),
    operatorName: nullableText('operator name'),
    signal: nullableNumber('signal, a percentage'),
    imsi: nullableText('IMSI'),
    iccid: nullableText('ICCID'),
    msisdn: nullableText('the SIM\'s own number'),
  });
}

function queryResult(kind: string, record: JsonSchema, extra: Record<string, JsonSchema>): JsonSchema {
  return object({
    kind: { const: kind },
    offset: nullableInteger('1-based index of the first row'),
    limit: nullableInteger('rows asked for'),
    ...extra,
    keyword: nullableText('the keyword filter; null when none'),
    hasMore: { type: 'boolean', description: 'the board returned limit + 1 rows: another page exists' },
    records: { type: 'array', items: record },
  });
}

function smsRecord(): JsonSchema {
  return object({
    slot: SLOT_OR_NULL, direction,
    number: nullableText('the other party'),
    text: nullableText('message body'),
    at: nullableTime('board time of the SMS'),
  });
}

function callRecord(): JsonSchema {
  return object({
    slot: SLOT_OR_NULL, direction,
    number: nullableText('the other party'),
    startedAt: nullableTime('start (board time)'),
    endedAt: nullableTime('end (board time)'),
    connected: { type: ['boolean', 'null'], description: 'whether the call was answered' },
  });
}
