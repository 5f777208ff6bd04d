/**
 * Tolerant percent-decoding for `charset=urlen` bodies (board-protocol §2.3, 501) and the `ssid` that is
 * "URL-encoded by default" (§1.2). `decodeURIComponent` throws on a stray `%` or a cut UTF-8 sequence; a
 * receiver must not drop an SMS for that, so only well-formed `%XX` runs are decoded, and bytes that do
 * not form UTF-8 become U+FFFD. The text as received stays in `raw`.
 *
 * `+` is deliberately left alone: phone numbers start with `+` (`+8613206411822`), and the board's
 * encoding of a space is not documented (UNKNOWN §6.11).
 */
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const utf8 = new TextDecoder('utf-8');

export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(ESCAPE_RUN, (run) => utf8.decode(escapeRunToBytes(run)));
}

function escapeRunToBytes(run: string): Uint8Array {
  const bytes = new Uint8Array(run.length / 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
  return bytes;
}

/** §2.3 501: only `charset=urlen` means the text fields are percent-encoded; anything else is plain UTF-8. */
export function isUrlEncodedCharset(charset: string | null): boolean {
  return charset !== null && charset.toLowerCase() === 'urlen';
}
