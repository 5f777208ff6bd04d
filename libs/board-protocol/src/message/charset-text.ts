import { own, toId, toText, type Fields } from './fields';
import { isUrlEncodedCharset, percentDecode } from './url-decode';

/** §2.3 501: `phNum`/`smsBd` are percent-encoded when `charset=urlen`, plain UTF-8 otherwise. */
export function readCharsetText(fields: Fields, key: string): string | null {
  const text = toText(own(fields, key));
  return text !== null && isUrlEncodedCharset(toId(own(fields, 'charset'))) ? percentDecode(text) : text;
}

/** `phNum` (sender, caller, callee or forwarding target), with the same charset rule; empty means none. */
export function readNumber(fields: Fields): string | null {
  return readCharsetText(fields, 'phNum')?.trim() || null;
}
