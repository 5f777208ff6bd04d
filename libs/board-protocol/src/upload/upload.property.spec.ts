import fc from 'fast-check';
import { AesCodec } from '../crypto/aes-codec';
import { BoardProtocolError } from '../errors';
import { DOC_STREAM } from '../framing/testing/doc-examples';
import { decodeUpload } from './decode-upload';
import { encodeUpload, formValue } from './encode-upload';
import type { BoardUploadEncoding, UploadRequest } from './upload-types';

const RUNS = 150;
const aes = new AesCodec('1234567890123456', '6543210987654321');
const ENCODINGS: BoardUploadEncoding[] = ['get-form', 'get-json', 'post-form', 'post-json'];
const CONTENT_TYPES = [
  undefined, 'application/json', 'application/json;charset=UTF-8', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=b', 'multipart/form-data', 'text/plain', 'application/json; charset=x-unknown',
];

/** Decodes and passes when the result is an upload or the error a BoardProtocolError. */
function expectOnlyProtocolErrors(req: UploadRequest, withAes: boolean): void {
  let outcome: unknown;
  try {
    outcome = decodeUpload(req, withAes ? { aes } : {});
  } catch (err) {
    outcome = err;
  }
  expect(outcome instanceof BoardProtocolError || Array.isArray((outcome as { messages?: unknown }).messages)).toBe(true);
}

type Mutation = { op: 'flip'; at: number; bit: number } | { op: 'cut'; at: number } | { op: 'insert'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('=', '&', '%', '{', '"', 'p=', '\u0011\u0012', '%ZZ', '[') }),
);

function mutateBytes(bytes: Buffer, m: Mutation): Buffer {
  const at = m.at % (bytes.length + 1);
  if (m.op === 'flip') {
    const out = Buffer.from(bytes);
    if (at < out.length) out[at] ^= 1 << m.bit;
    return out;
  }
  if (m.op === 'cut') return bytes.subarray(0, at);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
}

function mutateRequest(req: UploadRequest, mutations: Mutation[]): UploadRequest {
  if (req.body) return { ...req, body: mutations.reduce(mutateBytes, req.body) };
  return { ...req, query: mutations.reduce(mutateBytes, Buffer.from(req.query, 'utf8')).toString('latin1') };
}

describe('upload decoding properties', () => {
  it('throws only BoardProtocolError for random bodies under any content type', () => {
    const body = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a));
    fc.assert(fc.property(body, fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('GET', 'POST', 'PUT'), fc.boolean(),
      (bytes, contentType, method, withAes) => {
        expectOnlyProtocolErrors({ method, query: '', contentType, body: bytes }, withAes);
      }), { numRuns: RUNS });
  });

  it('throws only BoardProtocolError for random query strings', () => {
    const query = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 80 }).map((s) => `p=${s}`));
    fc.assert(fc.property(query, fc.boolean(), (text, withAes) => {
      expectOnlyProtocolErrors({ method: 'GET', query: text }, withAes);
    }), { numRuns: RUNS });
  });

  it('throws only BoardProtocolError for mutated valid uploads, plain and encrypted', () => {
    fc.assert(fc.property(fc.constantFrom(...DOC_STREAM), fc.constantFrom(...ENCODINGS), fc.boolean(),
      fc.array(mutation, { minLength: 1, maxLength: 4 }), (message, encoding, withAes, mutations) => {
        const req = encodeUpload(message, encoding, withAes ? { aes } : {});
        expectOnlyProtocolErrors(mutateRequest(req, mutations), withAes);
      }), { numRuns: RUNS });
  });

  it('round-trips any flat message through every encoding, with and without AES', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'p');
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.integer());
    const message = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });
    fc.assert(fc.property(message, fc.constantFrom(...ENCODINGS), fc.boolean(), (msg, encoding, withAes) => {
      const opts = withAes ? { aes } : {};
      const decoded = decodeUpload(encodeUpload(msg, encoding, opts), opts);
      const expected = encoding.endsWith('form')
        ? Object.fromEntries(Object.entries(msg).map(([k, v]) => [k, formValue(v)])) : msg;
      expect(decoded.messages).toEqual([expected]);
      expect(decoded.encrypted).toBe(withAes);
    }), { numRuns: RUNS });
  });
});
