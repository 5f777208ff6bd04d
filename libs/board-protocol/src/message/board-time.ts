import { toText } from './fields';

/**
 * A small private reader for the board's time fields (board-protocol §5.2, §6.4, §6.5). The shared
 * `time/` module belongs to another part of the library; this one only covers what messages carry and
 * never throws: an unusable time becomes `null` and the message is still published.
 *
 * Accepted by digit count:
 *  - 10: epoch seconds (`startTm`, `smsTs`, `msgTs`, `telStartTs`...);
 *  - 13: epoch milliseconds (`smsTm` in the 501 example);
 *  - 12: `yyMMddHHmmss` board-local time. "系统参数管理" says smsTm may be "12 digits to the second";
 *        12-digit epoch seconds would be the year 5138, so the only sensible reading is the same
 *        calendar format as `stat.devTime` (§5.2);
 *  - 14: `yyyyMMddHHmmss` board-local time (the `now` format).
 * Anything shorter is before 2001-09-09: the clock was never set (§1.2: "board time will be
 * 1970-01-01"), so it is reported as unknown rather than as a misleading date.
 */
const BOARD_UTC_OFFSET_MINUTES = 8 * 60; // §5.2: the board assumes UTC+8 unless `now` p3 says otherwise
const DIGITS = /^(\d{1,16})(?:\.\d*)?$/;

export function readBoardTime(value: unknown): Date | null {
  const digits = timeDigits(value);
  if (digits === null) return null;
  switch (digits.length) {
    case 10: return new Date(Number(digits) * 1000);
    case 13: return new Date(Number(digits));
    case 12: return fromLocalCalendar(`20${digits}`);
    case 14: return fromLocalCalendar(digits);
    default: return null;
  }
}

function timeDigits(value: unknown): string | null {
  if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) return null;
  const text = typeof value === 'number' ? String(Math.trunc(value)) : toText(value)?.trim();
  const match = text ? DIGITS.exec(text) : null;
  return match ? match[1] : null;
}

/** `yyyyMMddHHmmss` in the board's zone; rejects impossible dates such as 0230 or hour 24. */
function fromLocalCalendar(digits: string): Date | null {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(digits.slice(at, i === 0 ? 4 : at + 2)));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  const sameFields = check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d
    && check.getUTCHours() === h && check.getUTCMinutes() === mi && check.getUTCSeconds() === s;
  return sameFields ? new Date(utc - BOARD_UTC_OFFSET_MINUTES * 60_000) : null;
}
