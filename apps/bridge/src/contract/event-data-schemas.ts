import {
  type JsonSchema, SLOT_OR_NULL, nullable, nullableInteger, nullableNumber, nullableText, nullableTime, object,
  oneOfValues, ref,
} from './json-schema';

/**
 * bridge-contract §3 `data` of each event, as libs/board-protocol/src/message/event-data.ts builds it:
 * every field an event defines is always present, null when the board did not send it. The schemas
 * forbid other fields, so a field added there without being documented here fails the contract tests.
 */

const identity = {
  imsi: nullableText('IMSI of the SIM'),
  iccid: nullableText('ICCID of the SIM'),
  msisdn: nullableText('the SIM\'s own number; often empty on real SIMs'),
};

const signal = nullableNumber('signal strength, a percentage (`dbm` on the wire, board-protocol §5.1)');

export const onlineData = (): JsonSchema => object({
  ip: nullableText('the board\'s IP address'),
  ssid: nullableText('WiFi network name, URL-decoded'),
  signal,
  netCh: nullableInteger('path of the message: 0 WiFi, 1 SIM1, 2 SIM2'),
  hwVer: nullableText('firmware version'),
  slot: SLOT_OR_NULL,
});

export const simData = (): JsonSchema => object({
  slot: SLOT_OR_NULL, ...identity, signal,
  plmn: nullableText('operator code MCC+MNC (newer firmware)'),
  operatorName: nullableText('operator name (newer firmware)'),
});

export const modemErrorData = (): JsonSchema => object({ slot: SLOT_OR_NULL });

export const smsReceivedData = (): JsonSchema => object({
  slot: SLOT_OR_NULL,
  from: nullableText('sender, decoded per the board\'s `charset`'),
  text: nullableText('message body, decoded per the board\'s `charset`'),
  sentAt: nullableTime('the board\'s time of the SMS'),
  ...identity,
});

export const smsSentData = (): JsonSchema => object({
  slot: SLOT_OR_NULL,
  requestId: nullableText('the sendsms command\'s requestId while the bridge still knows it, otherwise the board tid'),
});

export const callData = (direction: 'in' | 'out' | 'either'): JsonSchema => object({
  direction: direction === 'either' ? oneOfValues('in = incoming (603), out = outgoing (623)', ['in', 'out'])
    : { const: direction },
  slot: SLOT_OR_NULL,
  number: nullableText('the other party: the caller (60x) or the number dialled (62x); may be `anonymous`'),
  startedAt: nullableTime('when the call started (board time)'),
  endedAt: nullableTime('when the call ended (board time); only on call_ended'),
  ...identity,
});

export const dtmfData = (): JsonSchema => object({
  slot: SLOT_OR_NULL,
  key: nullableText('one key: 0-9, *, #, A-D'),
  side: oneOfValues('local = sent by telkeypress (641), remote = pressed by the other party (642)',
    ['local', 'remote']),
  number: nullableText('the other party'),
  startedAt: nullableTime('when the call started (board time)'),
});

/** libs/board-protocol/src/message/parse-call-control.ts RESULT_OF_TYPE, 681…689. */
const CALL_CONTROL_RESULTS = ['dial_ok', 'dial_failed', 'amr_ok', 'answer_ok', 'answer_failed', 'undocumented',
  'tts_started', 'tts_failed', 'tts_finished'];

export const callControlData = (): JsonSchema => object({
  slot: SLOT_OR_NULL,
  result: oneOfValues('what the report says, named after the board type (681 dial_ok … 689 tts_finished)',
    CALL_CONTROL_RESULTS),
  requestId: nullableText('the command\'s requestId while the bridge still knows it, otherwise the board tid'),
  number: nullableText('the other party'),
  reason: nullableText('failure reason as the board gives it'),
});

export const callForwardingData = (): JsonSchema => object({
  slot: SLOT_OR_NULL,
  status: oneOfValues('701 set, 702 failed, 703 the current setting', ['set', 'failed', 'current']),
  target: nullableText('the forward-to number; null when none is set'),
  reason: nullableText('702 only, e.g. ERROR:0'),
  imsi: identity.imsi,
  iccid: identity.iccid,
});

export const pingData = (): JsonSchema => object({
  count: nullableInteger('the board\'s ping counter (`cnt`); a drop suggests a reboot'),
});

export const replyData = (): JsonSchema => object({
  code: nullableInteger('0 = success; anything else is an error (101 = invalid arguments)'),
  message: nullableText('the board\'s `msg` or `val`'),
  tid: nullableText('the board tid the reply answers (the bridge chose it)'),
  subType: nullableInteger('newer replies: 30 querysms, 31 querytel'),
  result: nullable(ref('ReplyResult')),
});

/** Unknown types carry everything in `raw`. */
export const unknownData = (): JsonSchema => object({}, { description: 'always empty: see `raw`' });
