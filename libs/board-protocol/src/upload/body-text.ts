import { TextDecoder } from 'node:util';
import { UploadFormatError } from '../errors';

const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/** True when the declared charset is UTF-8 or absent, as the boards always send (board-protocol §1.2). */
export function isUtf8Charset(charset: string | undefined): boolean {
  return charset === undefined || UTF8_LABELS.has(charset.trim().toLowerCase());
}

/**
 * Decodes a body in its declared charset. Boards send UTF-8; another declared charset (a proxy that
 * re-encodes, a test client) is honoured if the WHATWG encoding registry knows it, lossily.
 * @throws UploadFormatError for a charset label TextDecoder does not know.
 */
export function decodeBodyText(body: Buffer, charset: string | undefined): string {
  if (isUtf8Charset(charset)) return body.toString('utf8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new UploadFormatError(`unsupported charset ${JSON.stringify(String(charset).slice(0, 40))}`);
  }
  return decoder.decode(body);
}
