/**
 * Tolerant readers for board fields. The same field arrives as a JSON number over TCP and HTTP+JSON and
 * as a decimal string over FORM (board-protocol §1.2, §6.10), so every reader accepts both and returns
 * `null` for anything it cannot use instead of throwing: a message is still published when a field is
 * missing or odd (bridge-contract §3).
 */
export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property read, so inherited names (`constructor`, `toString`) never leak in as field values. */
export function own(record: unknown, key: string): unknown {
  return isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The first of `keys` that carries a value; older and newer firmware name the same field differently (§6). */
export function pick(record: unknown, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = own(record, key);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

const INTEGER_TEXT = /^[+-]?\d{1,16}$/;
const DECIMAL_TEXT = /^[+-]?(?:\d{1,16}(?:\.\d*)?|\.\d+)$/;

// `+ 0` turns −0 into 0: JSON cannot carry −0, and the envelope must survive a JSON round trip.
export function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!INTEGER_TEXT.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n + 0 : null;
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return DECIMAL_TEXT.test(text) ? Number(text) + 0 : null;
}

/** Text as sent; a number is turned into its decimal text (ids and phone numbers sometimes arrive unquoted). */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An identifier-like value (imsi, ip, hwVer...): trimmed, and empty means absent (`msIsdn` is often ""). */
export function toId(value: unknown): string | null {
  const text = toText(value)?.trim();
  return text ? text : null;
}

/** §5.1: slot is 1 or 2, as a number or a string depending on the page and the encoding. */
export function toSlot(value: unknown): 1 | 2 | null {
  const n = toInt(value);
  return n === 1 || n === 2 ? n : null;
}

/** §5.1: `dbm` is a percentage despite its name; −1 means "not known yet" (§2.3, 203/204). */
export function toSignal(value: unknown): number | null {
  const n = toNumber(value);
  return n !== null && n >= 0 ? n : null;
}
