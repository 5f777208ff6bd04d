import { decryptEnvelope, isEncryptedEnvelope } from '../crypto/envelope';
import type { AesCodec } from '../crypto/aes-codec';
import { FrameSyntaxError, UploadFormatError } from '../errors';
import { printableExcerpt } from '../framing/excerpt';
import { describeJsonValue, isPlainJsonObject } from '../framing/json-object';

export interface MessageBatch {
  messages: Record<string, unknown>[];
  encrypted: boolean;
}

/**
 * Turns a parsed JSON upload into messages: one object (board-protocol §1.2 POST/GET + JSON) or an array
 * of objects (tolerated: one upload carrying several messages). `{"p":"…"}` items are decrypted when a
 * codec is given (§4.2) and returned untouched otherwise, flagged `encrypted` either way.
 * @throws FrameSyntaxError for a non-object, UploadFormatError for an empty array, DecryptionError.
 */
export function messagesFromJson(value: unknown, aes: AesCodec | undefined): MessageBatch {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new UploadFormatError('JSON array holds no messages');
  let encrypted = false;
  const messages = items.map((item: unknown, index) => {
    if (!isPlainJsonObject(item)) {
      const where = Array.isArray(value) ? `item ${index} of the JSON array` : 'JSON value';
      throw new FrameSyntaxError(`${where} is ${describeJsonValue(item)}, not an object`, excerptOf(item));
    }
    if (!isEncryptedEnvelope(item)) return item;
    encrypted = true;
    return aes ? decryptEnvelope(item, aes) : item;
  });
  return { messages, encrypted };
}

function excerptOf(value: unknown): string {
  try {
    return printableExcerpt(JSON.stringify(value) ?? String(value));
  } catch {
    // JSON.stringify recurses: an item nested a few thousand levels deep overflows the stack (RangeError).
    return describeJsonValue(value);
  }
}
