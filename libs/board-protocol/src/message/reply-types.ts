import type { CallDirection, SlotNumber } from './types';

/** Typed payloads of command replies (board-protocol §3.2). */
export type ReplyResult = StatResult | SmsQueryResult | CallQueryResult;

/**
 * `stat` in all three generations (§6.6): v1 `dailyRst`/`devTime`/`sim2_iccId`, older
 * `schRstHour`/`time`/`sim2iccId`, and [3P] newer `pingIntvl`/`slotInfo.*`.
 */
export interface StatResult {
  kind: 'stat';
  hwVer: string | null;
  dailyRestartHour: number | null;
  dailyOtaHour: number | null;
  pingSeconds: number | null;
  wifi: { ssid: string | null; ip: string | null; signal: number | null } | null;
  /** `slot.netOrder`: SIM order tried for TCP without WiFi. */
  netOrder: number[] | null;
  /** `devTime` / `time`, `yyMMddHHmmss` in the board's zone (read as UTC+8, §5.2). */
  deviceTime: Date | null;
  slots: Record<SlotNumber, StatSlot>;
}

export interface StatSlot {
  /** `slotN_sta`: ERR, NOSIM, POWON, POWOFF. */
  moduleStatus: string | null;
  /** `slotN_ati`: cellular module firmware. */
  module: string | null;
  /** `simN_sta`: OK, PUK, NS (no service), LT (limited). */
  simStatus: string | null;
  /** `simN_op`: C, U, T, X, N. */
  operator: string | null;
  plmn: string | null;
  operatorName: string | null;
  signal: number | null;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
}

/** querysms (402, subType 30). The board returns limit + 1 rows when more exist (§3.2). */
export interface SmsQueryResult {
  kind: 'sms_query';
  offset: number | null;
  limit: number | null;
  keyword: string | null;
  hasMore: boolean;
  records: SmsRecord[];
}

export interface SmsRecord {
  slot: SlotNumber | null;
  /** `dir`: 0 received, 1 sent. */
  direction: CallDirection | null;
  number: string | null;
  text: string | null;
  at: Date | null;
}

/** querytel (402, subType 31). */
export interface CallQueryResult {
  kind: 'call_query';
  offset: number | null;
  limit: number | null;
  /** 0 all, 1 incoming, 2 outgoing, 3 missed. */
  callType: number | null;
  keyword: string | null;
  hasMore: boolean;
  records: CallRecord[];
}

export interface CallRecord {
  slot: SlotNumber | null;
  direction: CallDirection | null;
  number: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** `conn`: whether the call was answered. */
  connected: boolean | null;
}
