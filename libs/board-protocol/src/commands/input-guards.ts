/**
 * Helpers for reading caller- and board-supplied objects without trusting them: own keys only (a
 * `__proto__` key from JSON.parse is an own property and must stay one), and parameter names made safe
 * to put into an error message that ends up in logs and MQTT replies.
 */

/** A non-null, non-array object whose own keys can be read as parameters. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * Sets an own enumerable property even for keys like `__proto__`, where plain assignment would change
 * the object's prototype instead (prototype pollution).
 */
export function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const SAFE_NAME = /^[A-Za-z0-9_$.-]{1,64}$/;
const MAX_SHOWN = 40;

/**
 * A parameter name as it may appear in an issue: unchanged when it is a short identifier, otherwise
 * non-printable characters replaced and the length capped (a hostile key may be a megabyte long).
 */
export function displayName(key: string): string {
  if (SAFE_NAME.test(key)) return key;
  const printable = key.slice(0, MAX_SHOWN).replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, '?');
  return key.length > MAX_SHOWN ? `${printable}…` : printable;
}

/** Unicode code points of `s`, counting no further than `limit + 1` (enough to say "too long"). */
export function codePointLength(s: string, limit: number): number {
  // Each code point is one or two UTF-16 units, so a string this long is certainly over the limit.
  if (s.length > 2 * limit) return limit + 1;
  let n = 0;
  for (const _ of s) {
    if (++n > limit) break;
  }
  return n;
}
