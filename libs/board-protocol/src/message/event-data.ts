import type {
  BoardMessage, CallControlMessage, CallForwardingMessage, CallMessage, DtmfMessage, OnlineMessage,
  ReplyMessage, SimMessage, SmsReceivedMessage,
} from './types';

/**
 * bridge-contract §3 `data` per event. Every field an event defines is always present (null when the
 * board did not send it), so consumers see one shape per event; `raw` has everything else.
 */
export function eventData(msg: BoardMessage): Record<string, unknown> {
  switch (msg.kind) {
    case 'online': return onlineData(msg);
    case 'sim': return simData(msg);
    case 'modem_error': return { slot: msg.slot };
    case 'sms_received': return smsData(msg);
    case 'sms_sent': return { slot: msg.slot, requestId: msg.tid };
    case 'call': return callData(msg);
    case 'dtmf': return dtmfData(msg);
    case 'call_control': return callControlData(msg);
    case 'call_forwarding': return forwardingData(msg);
    case 'ping': return { count: msg.count };
    case 'reply': return replyData(msg);
    case 'unknown': return {};
  }
}

function onlineData(msg: OnlineMessage): Record<string, unknown> {
  return { ip: msg.ip, ssid: msg.ssid, signal: msg.signal, netCh: msg.netCh, hwVer: msg.hwVer, slot: msg.slot };
}

function simData(msg: SimMessage): Record<string, unknown> {
  return {
    slot: msg.slot, imsi: msg.imsi, iccid: msg.iccid, msisdn: msg.msisdn, signal: msg.signal,
    plmn: msg.plmn, operatorName: msg.operatorName,
  };
}

function smsData(msg: SmsReceivedMessage): Record<string, unknown> {
  return {
    slot: msg.slot, from: msg.from, text: msg.text, sentAt: iso(msg.sentAt),
    imsi: msg.imsi, iccid: msg.iccid, msisdn: msg.msisdn,
  };
}

function callData(msg: CallMessage): Record<string, unknown> {
  return {
    direction: msg.direction, slot: msg.slot, number: msg.number,
    startedAt: iso(msg.startedAt), endedAt: iso(msg.endedAt),
    imsi: msg.imsi, iccid: msg.iccid, msisdn: msg.msisdn,
  };
}

function dtmfData(msg: DtmfMessage): Record<string, unknown> {
  return { slot: msg.slot, key: msg.key, side: msg.side, number: msg.number, startedAt: iso(msg.startedAt) };
}

function callControlData(msg: CallControlMessage): Record<string, unknown> {
  return { slot: msg.slot, result: msg.result, requestId: msg.tid, number: msg.number, reason: msg.reason };
}

function forwardingData(msg: CallForwardingMessage): Record<string, unknown> {
  return {
    slot: msg.slot, status: msg.status, target: msg.target, reason: msg.reason, imsi: msg.imsi, iccid: msg.iccid,
  };
}

/** `result` is the typed stat/query payload with times as ISO strings (or null when there is none). */
function replyData(msg: ReplyMessage): Record<string, unknown> {
  return {
    code: msg.code, message: msg.message, tid: msg.tid, subType: msg.subType,
    result: msg.result === null ? null : toJson(msg.result),
  };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Dates become ISO strings; the model holds nothing else that JSON cannot carry. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
}
