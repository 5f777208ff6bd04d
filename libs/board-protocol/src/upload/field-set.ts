import type { AesCodec } from '../crypto/aes-codec';
import { decryptJsonObject } from '../crypto/envelope';
import { decryptFormFields } from '../crypto/form-fields';
import { UploadFormatError } from '../errors';
import { parseJsonValue } from '../framing/json-object';
import { messagesFromJson, MessageBatch } from './json-messages';

/** Base64 in either alphabet, possibly with padding; what an encrypted `p` looks like (§4.1). */
const CIPHERTEXT_TEXT = /^[A-Za-z0-9+/_\- ]+={0,2}$/;

export interface FieldSetBatch extends MessageBatch {
  /** True when the fields carried one JSON `p` value (GET + JSON) rather than one field per message key. */
  json: boolean;
}

/**
 * Decodes a set of form fields (a query string, a FORM body or multipart text fields, board-protocol §1.2).
 * A `p` field holds the whole message as JSON, or its ciphertext (§4.2), when it is the only field or
 * when its value is JSON text; other fields beside it are then static parameters of the configured
 * interface URL and are ignored. Otherwise every field is one message field, each value encrypted on its
 * own when a codec is given.
 */
export function decodeFieldSet(fields: Record<string, string>, aes: AesCodec | undefined): FieldSetBatch {
  const names = Object.keys(fields);
  if (names.length === 0) throw new UploadFormatError('upload has no fields');
  const p = Object.hasOwn(fields, 'p') ? fields.p : undefined;
  if (p !== undefined && (names.length === 1 || looksLikeJson(p))) return { ...decodePValue(p, aes), json: true };
  if (aes) return { messages: [decryptFormFields(fields, aes)], encrypted: true, json: false };
  return { messages: [fields], encrypted: false, json: false };
}

/**
 * The value of a GET + JSON `p` (already percent-decoded): JSON text, or base64 ciphertext of JSON text.
 * Without a codec, ciphertext comes back as the envelope `{ p }` so the caller can tell (§4.2).
 */
function decodePValue(p: string, aes: AesCodec | undefined): MessageBatch {
  if (looksLikeJson(p)) return messagesFromJson(parseJsonValue(p), aes);
  if (aes) return { messages: [decryptJsonObject(p, aes)], encrypted: true };
  if (CIPHERTEXT_TEXT.test(p.trim())) return { messages: [{ p }], encrypted: true };
  // Neither JSON nor ciphertext: let the JSON parser say what is wrong with it.
  return messagesFromJson(parseJsonValue(p), aes);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}
