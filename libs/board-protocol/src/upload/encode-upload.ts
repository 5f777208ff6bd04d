import type { AesCodec } from '../crypto/aes-codec';
import { encryptEnvelope } from '../crypto/envelope';
import { encryptFormFields } from '../crypto/form-fields';
import { encodeUrlEncoded } from './url-encoded';
import type { BoardUploadEncoding, UploadCodecOptions, UploadRequest } from './upload-types';

/** The content types a board sends (board-protocol §1.2; the JSON one as the vendor page shows it). */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/**
 * Builds the request a board would send for `message` in one of its four HTTP encodings (§1.2), encrypted
 * as in §4.2 when `opts.aes` is given: FORM values one by one, JSON as a `p` envelope. For tests, fake
 * boards and forwarding; `decodeUpload` reverses it.
 */
export function encodeUpload(
  message: Record<string, unknown>, encoding: BoardUploadEncoding, opts: UploadCodecOptions = {},
): UploadRequest {
  switch (encoding) {
    case 'get-form':
      return { method: 'GET', query: encodeUrlEncoded(formFields(message, opts.aes)) };
    case 'post-form':
      return {
        method: 'POST', query: '', contentType: FORM_CONTENT_TYPE,
        body: Buffer.from(encodeUrlEncoded(formFields(message, opts.aes)), 'utf8'),
      };
    case 'get-json': {
      const json = JSON.stringify(message);
      return { method: 'GET', query: `p=${encodeURIComponent(opts.aes ? opts.aes.encrypt(json) : json)}` };
    }
    case 'post-json': {
      const payload = opts.aes ? encryptEnvelope(message, opts.aes) : message;
      return { method: 'POST', query: '', contentType: JSON_CONTENT_TYPE, body: Buffer.from(JSON.stringify(payload), 'utf8') };
    }
  }
}

/** FORM carries text only (§1.2: "All values arrive as strings"); each value encrypted on its own (§4.2). */
function formFields(message: Record<string, unknown>, aes: AesCodec | undefined): Record<string, string> {
  // Object.fromEntries keeps a `__proto__` name as an ordinary field.
  const fields: Record<string, string> = Object.fromEntries(
    Object.entries(message).filter(([, value]) => value !== undefined).map(([name, value]) => [name, formValue(value)]),
  );
  return aes ? encryptFormFields(fields, aes) : fields;
}

/**
 * Text of one FORM value. A string array (a user parameter with a separator, §2.4, split only in JSON)
 * is joined with commas; null is the empty string; other objects are written as JSON.
 */
export function formValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(formValue).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
