/** FrameSyntaxError promises at most 64 printable characters (errors.ts), safe to log and to show. */
export const EXCERPT_MAX_CHARS = 64;

// Control, format, surrogate, private-use and unassigned code points, line/paragraph separators, and
// U+FFFD (what invalid UTF-8 decodes to) would corrupt a log line; each becomes a '.'.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\uFFFD]/u;

/** The first `max` code points of `input`, every unprintable one replaced by '.'. */
export function printableExcerpt(input: Buffer | string, max = EXCERPT_MAX_CHARS): string {
  // 4 bytes per code point at most, so this slice always holds `max` code points when the input does.
  const text = typeof input === 'string' ? input.slice(0, max * 2) : input.subarray(0, max * 4).toString('utf8');
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === max) break;
    out += UNPRINTABLE.test(ch) ? '.' : ch;
    count += 1;
  }
  return out;
}
