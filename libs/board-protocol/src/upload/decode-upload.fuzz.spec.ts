import fc from 'fast-check';
import { AesCodec } from '../crypto/aes-codec';
import { BoardProtocolError, DecryptionError } from '../errors';
import {
  deepJson, deepJsonText, hostileJsonObject, hostileText, invalidUtf8, outcomeOf, POLLUTING_JSON, POLLUTION_KEYS,
  prototypesIntact, roughSize,
} from '../testing/hostile';
import { decodeUpload } from './decode-upload';
import { encodeUpload } from './encode-upload';
import type { BoardUploadEncoding, DecodedUpload, UploadRequest } from './upload-types';

/**
 * issue 6 "Fuzzing", upload decoder (board-protocol §1.2, §4.2): hostile bodies, queries and headers give an
 * upload or a BoardProtocolError, nothing else; the output is bounded by the input; field names such as
 * `__proto__` stay ordinary fields. upload.property.spec.ts covers random bytes, mutations and round trips.
 */

const RUNS = 150;
const aes = new AesCodec('1234567890123456', '6543210987654321');
const ENCODINGS: BoardUploadEncoding[] = ['get-form', 'get-json', 'post-form', 'post-json'];
const JSON_TYPES = ['application/json', 'application/json;charset=UTF-8', 'text/json', 'application/x+json', undefined];

/** Checks one decode: typed error, or messages that are plain objects no bigger than the input allows. */
function expectSafe(req: UploadRequest, codec?: AesCodec): DecodedUpload | undefined {
  const outcome = outcomeOf(() => decodeUpload(req, codec ? { aes: codec } : {}));
  expect(prototypesIntact()).toBe(true);
  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(BoardProtocolError);
    expect((outcome.error as Error).message.length).toBeLessThan(400);
    return undefined;
  }
  const inputSize = (req.body?.length ?? 0) + req.query.length;
  expect(outcome.value.messages.length).toBeGreaterThan(0);
  expect(outcome.value.messages.length).toBeLessThanOrEqual(inputSize);
  for (const m of outcome.value.messages) {
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(m));
  }
  // Decoding only ever shrinks text (percent-decoding, base64, decryption); the slack is per-field overhead.
  expect(roughSize(outcome.value.messages)).toBeLessThanOrEqual(2 * inputSize + 16);
  return outcome.value;
}

const post = (contentType: string | undefined, body: string | Buffer): UploadRequest =>
  ({ method: 'POST', query: '', contentType, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') });

describe('decodeUpload on hostile input (fuzz)', () => {
  it('hostile JSON bodies: deep nesting, pollution keys, huge numbers, NUL, lone surrogates', () => {
    const body = fc.oneof(
      hostileJsonObject(),
      deepJson,
      fc.array(fc.oneof(hostileJsonObject(), deepJson, fc.constantFrom(...POLLUTING_JSON)), { minLength: 1, maxLength: 4 })
        .map((items) => `[${items.join(',')}]`),
    );
    fc.assert(fc.property(body, fc.constantFrom(...JSON_TYPES), fc.boolean(), (text, contentType, withAes) => {
      expectSafe(post(contentType, text), withAes ? aes : undefined);
      expectSafe({ method: 'GET', query: `p=${encodeURIComponent(text)}` }, withAes ? aes : undefined);
    }), { numRuns: RUNS });
  });

  it('a JSON array item nested too deep for JSON.stringify is a FrameSyntaxError, not a RangeError', () => {
    for (const kind of ['array', 'object'] as const) {
      const req = post('application/json', `[{"devId":"1","type":998},${deepJsonText(20_000, kind)}]`);
      const outcome = outcomeOf(() => decodeUpload(req));
      expect('error' in outcome && outcome.error instanceof BoardProtocolError).toBe(kind === 'array');
    }
  });

  it('hostile FORM fields: pollution names, percent-encoded invalid UTF-8 and NUL, huge numbers', () => {
    const name = fc.oneof(fc.constantFrom(...POLLUTION_KEYS, 'p', 'devId', 'type', ''), hostileText);
    const value = fc.oneof(hostileText, fc.constantFrom('%00', '%C0%AF', '%FF%FE', '%ED%A0%80', '1e400', '%', '%2'),
      invalidUtf8.map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')));
    const fields = fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 10 });
    // Every byte escaped (encodeURIComponent refuses lone surrogates; a board's bytes are never checked).
    const escape = (k: string) => [...Buffer.from(k, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const raw = (pairs: [string, string][], encodeNames: boolean) => pairs
      .map(([k, v]) => `${encodeNames ? escape(k) : k}=${v}`).join('&');
    fc.assert(fc.property(fields, fc.boolean(), fc.boolean(), (pairs, encodeNames, withAes) => {
      const text = raw(pairs, encodeNames);
      const codec = withAes ? aes : undefined;
      const decoded = expectSafe({ method: 'GET', query: text }, codec);
      expectSafe(post('application/x-www-form-urlencoded', text), codec);
      if (decoded && decoded.encoding === 'get-form' && encodeNames) {
        // A `__proto__` field name is an ordinary own field of the message, never its prototype.
        for (const [k] of pairs.filter(([key]) => POLLUTION_KEYS.includes(key as never))) {
          expect(Object.hasOwn(decoded.messages[0], k)).toBe(true);
        }
      }
    }), { numRuns: RUNS });
  });

  it('hostile headers: any content type, charset or boundary with any body', () => {
    const param = fc.oneof(hostileText, fc.constantFrom('utf-8', 'klingon', 'utf-16le', 'x-user-defined', '"utf8"', ''));
    const contentType = fc.oneof(
      hostileText,
      fc.tuple(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data',
        'text/plain', ''), param, param)
        .map(([type, charset, boundary]) => `${type}; charset=${charset}; boundary=${boundary}`),
    );
    const body = fc.oneof(fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      hostileJsonObject().map((t) => Buffer.from(t)), invalidUtf8);
    fc.assert(fc.property(contentType, body, fc.constantFrom('GET', 'POST', 'post', '', '__proto__'), (type, bytes, method) => {
      expectSafe({ method, query: '', contentType: type, body: bytes });
    }), { numRuns: RUNS });
  });

  it('hostile multipart: pollution names, CR/LF and quotes in names, missing blank lines', () => {
    const name = fc.oneof(fc.constantFrom(...POLLUTION_KEYS, 'p', 'devId'), hostileText);
    const part = fc.tuple(name, hostileText, fc.boolean()).map(([n, v, blank]) =>
      `--b\r\nContent-Disposition: form-data; name="${n}"\r\n${blank ? '\r\n' : ''}${v}\r\n`);
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), fc.boolean(), (parts, closed) => {
      const decoded = expectSafe(post('multipart/form-data; boundary=b', `${parts.join('')}${closed ? '--b--\r\n' : ''}`));
      for (const m of decoded?.messages ?? []) expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    }), { numRuns: RUNS });
  });

  it('an upload encrypted under another key never decodes to the original message', () => {
    const key = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
    const message = fc.record({ devId: fc.stringMatching(/^[0-9a-f]{12}$/), type: fc.constantFrom(100, 501, 998),
      smsBd: hostileText });
    fc.assert(fc.property(message, fc.constantFrom(...ENCODINGS), key, key, (msg, encoding, k, iv) => {
      fc.pre(!k.equals(Buffer.from('1234567890123456')));
      const req = encodeUpload(msg, encoding, { aes });
      const decoded = expectSafe(req, new AesCodec(k, iv));
      if (decoded) expect(decoded.messages[0]).not.toEqual(msg);
      const outcome = outcomeOf(() => decodeUpload(req, { aes: new AesCodec(k, iv) }));
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(DecryptionError);
    }), { numRuns: RUNS });
  });
});
