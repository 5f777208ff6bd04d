import { TimeFormatError } from '../errors';

/** board-protocol §1.4, §5.2: the board assumes Beijing time unless `now` p3 says otherwise. */
export const BOARD_DEFAULT_TZ_OFFSET_HOURS = 8;

const HOUR_MS = 3_600_000;
const DIGITS = /^\d+$/;

/**
 * The 14-digit local time `yyyyMMddHHmmss` in a zone `tzOffsetHours` east of UTC: `now` p1 over TCP and
 * the body of the HTTP reply to message 100 (board-protocol §1.2, §1.4, §5.2).
 * @throws TimeFormatError for an invalid date, an offset outside ±14 h, or a year outside 0–9999.
 */
export function formatBoardTime(date: Date, tzOffsetHours = BOARD_DEFAULT_TZ_OFFSET_HOURS): string {
  checkOffset(tzOffsetHours);
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new TimeFormatError('Invalid Date');
  // Shifting the instant and reading UTC fields gives local wall-clock time without the host's zone.
  const local = new Date(ms + tzOffsetHours * HOUR_MS);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new TimeFormatError(local.toISOString());
  const fields = [local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  return String(year).padStart(4, '0') + fields.map((f) => String(f).padStart(2, '0')).join('');
}

/**
 * Reads any time value a board sends (board-protocol §5.2, §6 contradiction 4): 13-digit epoch
 * milliseconds (`smsTm`), 10-digit epoch seconds (`startTm`, `msgTs`, …), and the board's local times
 * `yyMMddHHmmss` (12 digits, `stat.devTime`; years 2000–2099) and `yyyyMMddHHmmss` (14 digits), the
 * latter two taken in the zone `tzOffsetHours` east of UTC.
 * @throws TimeFormatError for any other value, or a local time with an impossible month, day or time.
 */
export function parseBoardTime(value: string | number, tzOffsetHours = BOARD_DEFAULT_TZ_OFFSET_HOURS): Date {
  checkOffset(tzOffsetHours);
  const text = digitsOf(value);
  switch (text.length) {
    case 13:
      return new Date(Number(text));
    case 10:
      return new Date(Number(text) * 1000);
    case 12:
      return parseLocal(text, 2000 + Number(text.slice(0, 2)), text.slice(2), tzOffsetHours);
    case 14:
      return parseLocal(text, Number(text.slice(0, 4)), text.slice(4), tzOffsetHours);
    default:
      throw new TimeFormatError(String(value));
  }
}

/** The decimal digits of a value; JSON numbers and FORM strings (§1.2) both occur. */
function digitsOf(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new TimeFormatError(String(value));
    return String(value);
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (!DIGITS.test(text)) throw new TimeFormatError(String(value));
  return text;
}

/** `rest` is `MMddHHmmss`. */
function parseLocal(original: string, year: number, rest: string, tzOffsetHours: number): Date {
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2)));
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    && hour <= 23 && minute <= 59 && second <= 59;
  if (!valid) throw new TimeFormatError(original);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  return new Date(utc.getTime() - tzOffsetHours * HOUR_MS);
}

function daysInMonth(year: number, month: number): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0);
  return probe.getUTCDate();
}

/** Real zones lie between UTC−12 and UTC+14; fractional offsets (UTC+5:30) are allowed. */
function checkOffset(tzOffsetHours: number): void {
  if (!Number.isFinite(tzOffsetHours) || Math.abs(tzOffsetHours) > 14) {
    throw new RangeError(`tzOffsetHours must be between -14 and 14, got ${String(tzOffsetHours)}`);
  }
}
