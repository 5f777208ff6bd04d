import { KeyFormatError } from '../errors';

/** board-protocol §4.1: KEY and IV are each exactly 16 bytes. */
export const AES_SECRET_BYTES = 16;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DECIMAL_BYTE = /^\d{1,3}$/;
const HEX_BYTE = /^0x[0-9a-f]{1,2}$/i;

/**
 * Turns a KEY or IV as entered in the board's 密码管理 page into its 16 bytes (board-protocol §4.1):
 * 16 ASCII characters (`1234567890123456`), 16 comma-separated decimal bytes (`49,50,…`), or 16
 * comma-separated hex bytes (`0x31,0x32,…`, `0x0`–`0xff`, any case). Whitespace around the value and
 * around each list item is ignored; a value of exactly 16 characters is always taken literally, so an
 * ASCII secret may contain spaces or commas.
 * @throws KeyFormatError for anything else.
 */
export function parseAesSecret(text: string): Buffer {
  if (typeof text !== 'string') throw new KeyFormatError('expected a string');
  if (isAsciiSecret(text)) return Buffer.from(text, 'latin1');
  const trimmed = text.trim();
  if (isAsciiSecret(trimmed)) return Buffer.from(trimmed, 'latin1');
  if (trimmed.includes(',')) return parseByteList(trimmed);
  if (!PRINTABLE_ASCII.test(trimmed)) {
    throw new KeyFormatError('an ASCII secret may only hold printable ASCII characters');
  }
  throw new KeyFormatError(`expected 16 ASCII characters or 16 comma-separated bytes, got ${trimmed.length} characters`);
}

function isAsciiSecret(text: string): boolean {
  return text.length === AES_SECRET_BYTES && PRINTABLE_ASCII.test(text);
}

/** The decimal and hex list notations; one notation per secret, since a mix is most likely a typo. */
function parseByteList(text: string): Buffer {
  const items = text.split(',').map((item) => item.trim());
  if (items.length !== AES_SECRET_BYTES) {
    throw new KeyFormatError(`expected 16 comma-separated bytes, got ${items.length}`);
  }
  const hex = HEX_BYTE.test(items[0]);
  const bytes = items.map((item, index) => {
    const value = hex ? parseHexByte(item) : parseDecimalByte(item);
    if (value === undefined) {
      const notation = hex ? 'a hex byte 0x0–0xff' : 'a decimal byte 0–255';
      // The item itself stays out of the message: it is part of a secret and errors get logged.
      throw new KeyFormatError(`item ${index + 1} is not ${notation}`);
    }
    return value;
  });
  return Buffer.from(bytes);
}

function parseDecimalByte(item: string): number | undefined {
  if (!DECIMAL_BYTE.test(item)) return undefined;
  const value = Number(item);
  return value <= 255 ? value : undefined;
}

function parseHexByte(item: string): number | undefined {
  return HEX_BYTE.test(item) ? parseInt(item.slice(2), 16) : undefined;
}
