import { DecryptionError } from '../errors';

const STANDARD_ALPHABET = /^[A-Za-z0-9+/]*$/;

/**
 * Decodes the ciphertext text of board-protocol §4.1–4.3 with the tolerance a receiver needs: standard or
 * URL-safe alphabet (`$aesBase64Url()`), with or without `=` padding, still percent-encoded (a URL value
 * the framework did not decode), and with `+` turned into a space by form decoding of an unescaped `+`.
 * Buffer.from(…, 'base64') silently skips bad characters, so the text is validated first.
 * @throws DecryptionError when the text is not base64.
 */
export function decodeBase64Loose(text: string): Buffer {
  let s = text.trim();
  // Base64 never holds '%'; allow one extra layer for a value percent-encoded twice on its way in.
  for (let layer = 0; layer < 2 && s.includes('%'); layer += 1) s = percentDecode(s);
  s = s.replace(/ /g, '+').replace(/[\r\n\t]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  s = s.replace(/={1,2}$/, '');
  if (!STANDARD_ALPHABET.test(s)) throw new DecryptionError('not base64 text');
  if (s.length % 4 === 1) throw new DecryptionError('base64 text has an impossible length');
  return Buffer.from(s, 'base64');
}

/** Standard base64 → URL-safe alphabet without padding (RFC 4648 §5), as `$aesBase64Url()` would give. */
export function toUrlSafeBase64(standard: string): string {
  return standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DecryptionError('broken percent-encoding');
  }
}
