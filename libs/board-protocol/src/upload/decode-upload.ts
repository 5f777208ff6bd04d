import type { AesCodec } from '../crypto/aes-codec';
import { UploadFormatError } from '../errors';
import { parseJsonValue } from '../framing/json-object';
import { decodeBodyText, isUtf8Charset } from './body-text';
import { ContentType, isJsonMediaType, parseContentType } from './content-type';
import { decodeFieldSet } from './field-set';
import { messagesFromJson } from './json-messages';
import { parseMultipartFields } from './multipart';
import { parseUrlEncoded } from './url-encoded';
import type { DecodedUpload, UploadCodecOptions, UploadRequest } from './upload-types';

type BodyFormat = 'json' | 'form' | 'multipart';

/**
 * Decodes one HTTP upload from a board (board-protocol §1.2, §4.2) into raw messages. GET carries the
 * message in the query string, POST in the body; each falls back to the other place when its own is
 * empty. With `opts.aes`, `p` envelopes and FORM values are decrypted.
 * @throws UploadFormatError, FrameSyntaxError or DecryptionError; never anything else.
 */
export function decodeUpload(req: UploadRequest, opts: UploadCodecOptions = {}): DecodedUpload {
  const method = typeof req?.method === 'string' ? req.method.toUpperCase() : '';
  if (method !== 'GET' && method !== 'POST') {
    throw new UploadFormatError(`method ${JSON.stringify(method.slice(0, 16))} is neither GET nor POST`);
  }
  const query = typeof req.query === 'string' ? req.query.replace(/^\?/, '') : '';
  const body = Buffer.isBuffer(req.body) && !isBlank(req.body) ? req.body : undefined;
  const useBody = body !== undefined && (method === 'POST' || query === '');
  if (useBody) return decodeBody(body, req.contentType, opts.aes);
  if (query !== '') return decodeQuery(query, opts.aes);
  throw new UploadFormatError('upload has neither a query string nor a body');
}

/** GET + FORM (`devId=…&type=…`) or GET + JSON (`p=<json>` or `p=<base64 ciphertext>`). */
function decodeQuery(query: string, aes: AesCodec | undefined): DecodedUpload {
  const batch = decodeFieldSet(parseUrlEncoded(query), aes);
  return { messages: batch.messages, encrypted: batch.encrypted, encoding: batch.json ? 'get-json' : 'get-form' };
}

function decodeBody(body: Buffer, contentTypeHeader: string | undefined, aes: AesCodec | undefined): DecodedUpload {
  const contentType = parseContentType(contentTypeHeader);
  const charset = contentType?.params.charset;
  switch (bodyFormat(contentType, body)) {
    case 'json': {
      // UTF-8 stays a Buffer so that invalid bytes are reported rather than replaced.
      const value = parseJsonValue(isUtf8Charset(charset) ? body : decodeBodyText(body, charset));
      return { ...messagesFromJson(value, aes), encoding: 'post-json' };
    }
    case 'form': {
      const batch = decodeFieldSet(parseUrlEncoded(decodeBodyText(body, charset)), aes);
      return { messages: batch.messages, encrypted: batch.encrypted, encoding: 'post-form' };
    }
    case 'multipart': {
      const batch = decodeFieldSet(parseMultipartFields(body, multipartBoundary(contentType)), aes);
      return { messages: batch.messages, encrypted: batch.encrypted, encoding: 'multipart' };
    }
  }
}

/** Trusts a known content type; otherwise sniffs the body, since some proxies drop or rewrite the header. */
function bodyFormat(contentType: ContentType | undefined, body: Buffer): BodyFormat {
  const mediaType = contentType?.mediaType ?? '';
  if (isJsonMediaType(mediaType)) return 'json';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'multipart/form-data') return 'multipart';
  const first = body[firstNonBlank(body)];
  if (first === 0x7b || first === 0x5b) return 'json';
  if (body.includes(0x3d)) return 'form';
  throw new UploadFormatError(`cannot tell the format of a ${mediaType || 'untyped'} body`);
}

function multipartBoundary(contentType: ContentType | undefined): string {
  const boundary = contentType?.params.boundary;
  if (boundary === undefined || boundary === '' || boundary.length > 200) {
    throw new UploadFormatError('multipart/form-data without a usable boundary');
  }
  return boundary;
}

function isBlank(body: Buffer): boolean {
  return firstNonBlank(body) === body.length;
}

/** Index of the first byte that is not JSON whitespace (space, tab, LF, CR); body.length if none. */
function firstNonBlank(body: Buffer): number {
  let i = 0;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d)) i += 1;
  return i;
}
