import type { AesCodec } from '../crypto/aes-codec';

/** What an HTTP layer hands over for one board upload (board-protocol §1.2). */
export interface UploadRequest {
  /** `GET` or `POST`, any case. */
  method: string;
  /** The raw query string without the leading '?', still percent-encoded; '' when there is none. */
  query: string;
  /** The Content-Type header as received, parameters included. */
  contentType?: string;
  /** The raw request body. */
  body?: Buffer;
}

/**
 * Where and how the message travelled: the board's method × content-type setting (§1.2), or a
 * multipart body. Named after where the message was found: a POST whose body is empty but whose query
 * holds the message is reported as `get-form` / `get-json`.
 */
export type UploadEncoding = 'get-form' | 'get-json' | 'post-form' | 'post-json' | 'multipart';

/** The four encodings a board can be set to (§1.2); multipart is only ever received. */
export type BoardUploadEncoding = Exclude<UploadEncoding, 'multipart'>;

export interface DecodedUpload {
  /**
   * Raw messages, not yet validated: JSON values keep their JSON types, FORM values are all strings.
   * Without a codec, an encrypted upload comes back as-is (`[{ p: '<base64>' }]`).
   */
  messages: Record<string, unknown>[];
  encoding: UploadEncoding;
  /** True when the upload was AES-encrypted (§4.2), whether or not it was decrypted. */
  encrypted: boolean;
}

export interface UploadCodecOptions {
  /** The board's AES key/IV; when given, encrypted uploads are decrypted. */
  aes?: AesCodec;
}
