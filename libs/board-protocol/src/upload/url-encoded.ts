/**
 * Parses `application/x-www-form-urlencoded` text (a query string or a FORM body, board-protocol §1.2).
 * URLSearchParams never throws: a malformed escape stays literal and bad UTF-8 becomes U+FFFD. A repeated
 * name keeps its last value, so a board parameter appended after a same-named one in the configured
 * interface URL wins. Object.fromEntries defines own properties, so `__proto__` stays plain data.
 */
export function parseUrlEncoded(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * Percent-encodes fields the way a board does (§1.2, §4.2 example): every reserved character escaped,
 * including `/`, `+` and `=` of base64 values, spaces as %20.
 */
export function encodeUrlEncoded(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}
