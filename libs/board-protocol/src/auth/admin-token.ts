import { createHash } from 'node:crypto';
import { KeyFormatError } from '../errors';

const TOKEN = /^[0-9a-f]{32}$/i;

/**
 * The token of the board's `/ctrl` API (board-protocol §1.5): lowercase hex MD5 of "admin|" + the admin
 * password. The device id does not enter it. MD5 is the board's choice, not a security property.
 */
export function adminToken(password: string): string {
  return createHash('md5').update(`admin|${password}`, 'utf8').digest('hex');
}

/**
 * The "half-length" token for SMS commands (§1.5): the middle 16 hex characters, `token[8:24]`
 * (`7257d243875d0a5a` for the default password; the `77257d243875d0a5` quoted in §1.5 is `token[7:23]`,
 * which contradicts the vendor's "中间16位" rule).
 * @throws KeyFormatError when `token` is not 32 hex characters (a configuration mistake).
 */
export function halfToken(token: string): string {
  if (typeof token !== 'string' || !TOKEN.test(token)) throw new KeyFormatError('a board token is 32 hex characters');
  return token.slice(8, 24).toLowerCase();
}
