import { getCommandSpec } from './command-table';
import { defineOwn, hasOwn, isRecord } from './input-guards';

/**
 * Recognising the board's answer to a command (§3.1) and what later pushes mean for it (§2.2, §3.2).
 */

/** The board's immediate answer to a command, normalised. */
export interface BoardReply {
  /** Our tid, echoed by the board (a number is turned back into its string). */
  tid: string;
  /** `code` as a number; `null` when absent (a v1 `stat` answer has none) or not a number. */
  code: number | null;
  /** No `code` (a data answer or a 401 "received") or `code` 0. */
  ok: boolean;
  /** `msg` (e.g. "Invalid arguments." with code 101), or `val` (asksimcfu's text). */
  message?: string;
  /** 999 (v1), 401 received, 402 processed; `null` when the frame has no numeric type. */
  type: number | null;
  /** The frame without its envelope: the command's result (stat fields, querysms `results`, …). */
  data: Record<string, unknown>;
}

/** Reply types of §3.1: 999 (v1 answers), 401 "command received", 402 "command processed". */
const REPLY_TYPES: ReadonlySet<number> = new Set([401, 402, 999]);

/** Fields every message or reply carries (§2.1) rather than the command's result. */
const ENVELOPE: ReadonlySet<string> = new Set(['devId', 'type', 'netCh', 'tid', 'code', 'msg', 'msgTs']);

/**
 * A frame is an answer to a command when it carries a `tid` and is typed 999/401/402 or has a `code`
 * (§3.1, the rule third-party gateways use). 502 carries a tid too but is a report: see reportOutcome.
 * @returns the normalised reply, or `null` for any other frame (never throws).
 */
export function classifyBoardReply(frame: Record<string, unknown>): BoardReply | null {
  if (!isRecord(frame)) return null;
  const tid = tidOf(ownValue(frame, 'tid'));
  if (tid === undefined) return null;
  const type = integerOf(ownValue(frame, 'type'));
  const hasCode = hasOwn(frame, 'code');
  if (!hasCode && (type === null || !REPLY_TYPES.has(type))) return null;
  const code = hasCode ? integerOf(frame.code) : null;
  const message = textOf(ownValue(frame, 'msg')) ?? textOf(ownValue(frame, 'val'));
  return {
    tid, code, ok: hasCode ? code === 0 : true, type, data: dataOf(frame),
    ...(message === undefined ? {} : { message }),
  };
}

/**
 * What a later push of `type` means for a pending command named `cmd`: `completed`, `failed`, or `null`
 * when it says nothing about it. Correlation is the caller's job: 502 (and the tolerated 501, §6.1) only
 * settle the sendsms whose tid they carry; 70x and 68x carry no documented tid, so match them by slot.
 */
export function reportOutcome(cmd: string, type: number): 'completed' | 'failed' | null {
  const spec = getCommandSpec(cmd);
  if (spec === undefined) return null;
  if (spec.reports.completes.includes(type)) return 'completed';
  return spec.reports.fails.includes(type) ? 'failed' : null;
}

function ownValue(frame: Record<string, unknown>, key: string): unknown {
  return hasOwn(frame, key) ? frame[key] : undefined;
}

/** The board echoes tid as given; FORM-style numbers are accepted back as their decimal string. */
function tidOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}

/** `type`/`code` may arrive as decimal strings (FORM encoding, §2.1). */
function integerOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  return typeof value === 'string' && /^-?[0-9]{1,9}$/.test(value) ? Number(value) : null;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function dataOf(frame: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(frame)) {
    if (!ENVELOPE.has(key)) defineOwn(data, key, frame[key]);
  }
  return data;
}
