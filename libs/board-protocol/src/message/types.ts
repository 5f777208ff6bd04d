import type { ReplyResult } from './reply-types';

/**
 * The typed model of one board push (board-protocol §2.2). `kind` is the discriminant; `type` keeps the
 * board's number because several types share a kind (e.g. 601–623 are all `call`). Every member keeps
 * the received object in `raw` (minus `__proto__`/`constructor`/`prototype`, see sanitize.ts), so fields
 * this model does not know (user parameters, §2.4) are never lost.
 *
 * Absent or unusable fields are `null`, never `undefined`: a message with a missing field is still a
 * message (bridge-contract §3). Times are `Date`s; how each field is read is in board-time.ts.
 */
export type SlotNumber = 1 | 2;

export interface MessageBase<K extends string, T extends number> {
  kind: K;
  /** §5.1: opaque, case-sensitive board id; a number on the wire is turned into its decimal text. */
  devId: string;
  type: T;
  /** §2.1: path that carried the message: 0 WiFi, 1 SIM1, 2 SIM2. */
  netCh: number | null;
  /** §2.1 [DOC-new]: the board's own time for this message, when the firmware sends it. */
  msgTs: Date | null;
  raw: Record<string, unknown>;
}

/** §5.1: who the SIM is. `msisdn` is often empty on real SIMs. */
export interface SimIdentity {
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
}

export type OnlineType = 100 | 101 | 102;
export interface OnlineMessage extends MessageBase<'online', OnlineType> {
  slot: SlotNumber | null;
  ip: string | null;
  /** Decoded once more: §1.2 "ssid is URL-encoded by default". */
  ssid: string | null;
  /** `dbm` (a percentage, §5.1): WiFi signal for 100, SIM signal for 101/102. */
  signal: number | null;
  hwVer: string | null;
}

export type SimType = 202 | 203 | 204 | 205 | 209;
export type SimStatus = 'initializing' | 'identified' | 'ready' | 'removed' | 'error';
export interface SimMessage extends MessageBase<'sim', SimType>, SimIdentity {
  status: SimStatus;
  slot: SlotNumber | null;
  signal: number | null;
  /** [3P] newer firmware: operator code (MCC+MNC) and name. */
  plmn: string | null;
  operatorName: string | null;
}

export interface ModemErrorMessage extends MessageBase<'modem_error', 301> {
  slot: SlotNumber | null;
}

export interface SmsReceivedMessage extends MessageBase<'sms_received', 501>, SimIdentity {
  slot: SlotNumber | null;
  /** Sender number, decoded per `charset`. */
  from: string | null;
  /** Body, decoded per `charset`. */
  text: string | null;
  charset: string | null;
  /** `smsTm` (ms, or the 12-digit form) or `smsTs` (s), §6.4. */
  sentAt: Date | null;
  /** §6.1: some pages put a tid on 501; kept so the bridge can still correlate. */
  tid: string | null;
}

/** 502, or a 501 that only carries a `tid` (§6.1: the sendsms page calls the success report 501). */
export interface SmsSentMessage extends MessageBase<'sms_sent', 501 | 502> {
  slot: SlotNumber | null;
  tid: string | null;
}

export type CallType = 601 | 602 | 603 | 620 | 621 | 622 | 623;
export type CallDirection = 'in' | 'out';
export type CallPhase = 'ringing' | 'answered' | 'dialing' | 'connected' | 'ended';
export interface CallMessage extends MessageBase<'call', CallType>, SimIdentity {
  direction: CallDirection;
  phase: CallPhase;
  slot: SlotNumber | null;
  /** The other party: caller for 60x, callee for 62x. May be `anonymous`. */
  number: string | null;
  /** `startTm` or `telStartTs` (§6.5). */
  startedAt: Date | null;
  /** `endTm` or `telEndTs`; only documented on 603. */
  endedAt: Date | null;
}

export type DtmfType = 641 | 642;
export interface DtmfMessage extends MessageBase<'dtmf', DtmfType>, SimIdentity {
  /** §6.7: the settings page's reading: 641 local (`telkeypress`), 642 remote party. */
  side: 'local' | 'remote';
  slot: SlotNumber | null;
  /** One key per message (`reason` on the wire): 0-9, *, #, A-D. */
  key: string | null;
  number: string | null;
  startedAt: Date | null;
}

export type CallControlType = 681 | 682 | 683 | 684 | 685 | 686 | 687 | 688 | 689;
export type CallControlResult =
  | 'dial_ok' | 'dial_failed' | 'amr_ok' | 'answer_ok' | 'answer_failed' | 'undocumented'
  | 'tts_started' | 'tts_failed' | 'tts_finished';
/** §2.2: payloads are undocumented; these are the fields third parties read (tid, slot, phNum, note). */
export interface CallControlMessage extends MessageBase<'call_control', CallControlType> {
  result: CallControlResult;
  slot: SlotNumber | null;
  tid: string | null;
  number: string | null;
  reason: string | null;
}

export type ForwardingType = 701 | 702 | 703;
export interface CallForwardingMessage extends MessageBase<'call_forwarding', ForwardingType> {
  status: 'set' | 'failed' | 'current';
  slot: SlotNumber | null;
  imsi: string | null;
  iccid: string | null;
  /** `phNum`: the forwarding target; null when none is set. */
  target: string | null;
  /** 702 only, e.g. `ERROR:0`. */
  reason: string | null;
}

export interface PingMessage extends MessageBase<'ping', 998> {
  /** `cnt`, incremented per ping; a drop suggests a reboot (§7). */
  count: number | null;
}

export type ReplyType = 401 | 402 | 999;
export interface ReplyMessage extends MessageBase<'reply', ReplyType> {
  code: number | null;
  /** `msg` (errors, §1.5) or `val` (asksimcfu's immediate reply, §3.2). */
  message: string | null;
  tid: string | null;
  /** §6.3 newer replies: 30 querysms, 31 querytel. */
  subType: number | null;
  result: ReplyResult | null;
}

/** Any other type (695/696, custom messages, future firmware): everything is in `raw`. */
export type UnknownMessage = MessageBase<'unknown', number>;

export type BoardMessage =
  | OnlineMessage | SimMessage | ModemErrorMessage | SmsReceivedMessage | SmsSentMessage | CallMessage
  | DtmfMessage | CallControlMessage | CallForwardingMessage | PingMessage | ReplyMessage | UnknownMessage;

export type MessageKind = BoardMessage['kind'];

export interface ParseOptions {
  /** §2.4: the board's renamed fields, board name → standard name, e.g. `{ apName: 'ssid', apDBm: 'dbm' }`. */
  aliases?: Readonly<Record<string, string>>;
  /** The session's board id, used when the message has none (the §1.4 handshake ack carries no devId). */
  devId?: string;
}
