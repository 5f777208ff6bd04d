import fc from 'fast-check';
import { DecryptionError, KeyFormatError } from '../errors';
import {
  deepJson, hostileJsonObject, hostileText, hugeNumberText, MEGABYTE, outcomeOf, POLLUTING_JSON, POLLUTION_KEYS,
  prototypesIntact, withOwnKeys,
} from '../testing/hostile';
import { AesCodec } from './aes-codec';
import { parseAesSecret } from './aes-secret';
import { decryptEnvelope, encryptEnvelope } from './envelope';
import { decryptFormFields } from './form-fields';

/**
 * issue 6 "Fuzzing", AES decoder (board-protocol §4): hostile keys, ciphertexts and plaintexts give a
 * result or the one typed error of each function (KeyFormatError, DecryptionError), never leak a secret
 * into an error message, never pollute a prototype. crypto.property.spec.ts covers round trips and
 * mutated ciphertexts.
 */

const RUNS = 200;
const codec = new AesCodec('1234567890123456', '6543210987654321');
const anyValue = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true });

function expectOnly<T>(errorClass: new (...args: never[]) => Error, fn: () => T): T | undefined {
  const outcome = outcomeOf(fn);
  if ('value' in outcome) return outcome.value;
  expect(outcome.error).toBeInstanceOf(errorClass);
  return undefined;
}

describe('AES key parsing on hostile input (fuzz)', () => {
  /** A list item: decimal and hex bytes, out of range, overflowing, or not a number at all. */
  const item = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.integer({ min: 0, max: 255 }).map((n) => `0x${n.toString(16)}`),
    hugeNumberText, hostileText, fc.constantFrom('256', '-1', '0x100', '0X1', ' 7 ', '1.0', '0b1', ''));

  it('parseAesSecret gives 16 bytes or KeyFormatError, and never puts the secret in the message', () => {
    const marker = fc.stringMatching(/^[A-Za-z]{9,15}$/);
    const text = fc.oneof(
      fc.tuple(fc.array(item, { minLength: 14, maxLength: 18 }), marker, fc.nat())
        .map(([items, m, at]) => { const out = [...items]; out.splice(at % (out.length + 1), 0, m); return out.join(','); }),
      fc.tuple(hostileText, marker).map(([t, m]) => `${t}${m}`),
      fc.constantFrom(MEGABYTE, `${MEGABYTE},x`),
    );
    fc.assert(fc.property(text, (secret) => {
      const outcome = outcomeOf(() => parseAesSecret(secret));
      if ('value' in outcome) {
        expect(outcome.value).toHaveLength(16);
        return;
      }
      expect(outcome.error).toBeInstanceOf(KeyFormatError);
      const message = (outcome.error as Error).message;
      expect(message.length).toBeLessThan(200);
      for (const part of secret.split(',')) if (part.trim().length >= 9) expect(message).not.toContain(part.trim());
    }), { numRuns: RUNS });
  });

  it('AesCodec accepts exactly 16-byte keys and IVs and throws only KeyFormatError for anything else', () => {
    const secret = fc.oneof(fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a)), hostileText, anyValue);
    const sixteen = (v: unknown) => Buffer.isBuffer(v) && v.length === 16;
    fc.assert(fc.property(secret, secret, (key, iv) => {
      const made = expectOnly(KeyFormatError, () => new AesCodec(key as string, iv as string));
      if (sixteen(key) && sixteen(iv)) expect(made).toBeInstanceOf(AesCodec);
    }), { numRuns: RUNS });
  });
});

describe('AES decryption on hostile input (fuzz)', () => {
  const ciphertextText = fc.oneof(
    hostileText,
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('base64')),
    fc.uint8Array({ maxLength: 200 }).map((a) => encodeURIComponent(encodeURIComponent(Buffer.from(a).toString('base64')))),
    fc.constantFrom(MEGABYTE, 'A'.repeat(1 << 20), '%'.repeat(1000), '='.repeat(64), '====', 'AAAA====', '%2541'),
  );

  it('decrypt of any value gives text no longer than its ciphertext, or DecryptionError', () => {
    fc.assert(fc.property(fc.oneof(ciphertextText, anyValue), (input) => {
      const plain = expectOnly(DecryptionError, () => codec.decrypt(input as string));
      if (plain !== undefined) expect(Buffer.byteLength(plain)).toBeLessThanOrEqual(String(input).length);
    }), { numRuns: RUNS });
  });

  it('decryptEnvelope of any value throws only DecryptionError', () => {
    const envelope = fc.oneof(anyValue, ciphertextText.map((p) => ({ p })), fc.tuple(ciphertextText, fc.constantFrom(...POLLUTION_KEYS))
      .map(([p, key]) => withOwnKeys([['p', p], [key, { polluted: 'yes' }]])));
    fc.assert(fc.property(envelope, (obj) => {
      expectOnly(DecryptionError, () => decryptEnvelope(obj, codec));
      expect(prototypesIntact()).toBe(true);
    }), { numRuns: RUNS });
  });

  it('a correctly encrypted hostile plaintext decrypts to a plain object with own keys, or DecryptionError', () => {
    const plaintext = fc.oneof(hostileJsonObject(), deepJson, fc.constantFrom(...POLLUTING_JSON), hostileText);
    fc.assert(fc.property(plaintext, (text) => {
      const value = expectOnly(DecryptionError, () => decryptEnvelope({ p: codec.encrypt(text) }, codec));
      if (value !== undefined) expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(prototypesIntact()).toBe(true);
    }), { numRuns: RUNS });
  });

  it('decryptFormFields keeps hostile field names as own fields and names at most 32 characters of one in errors', () => {
    const name = fc.oneof(fc.constantFrom(...POLLUTION_KEYS), hostileText, fc.constant(MEGABYTE));
    const value = fc.oneof(ciphertextText, hostileText.map((t) => codec.encrypt(t)));
    fc.assert(fc.property(fc.array(fc.tuple(name, value), { maxLength: 6 }), (entries) => {
      const fields = withOwnKeys(entries) as Record<string, string>;
      const outcome = outcomeOf(() => decryptFormFields(fields, codec));
      expect(prototypesIntact()).toBe(true);
      if ('error' in outcome) {
        expect(outcome.error).toBeInstanceOf(DecryptionError);
        // At most 32 UTF-16 units of the name, each escaped to at most 6 characters, plus the reason.
        expect((outcome.error as Error).message.length).toBeLessThan(320);
        return;
      }
      expect(Object.keys(outcome.value)).toEqual(Object.keys(fields));
      expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
    }), { numRuns: RUNS });
  });

  it('a message encrypted under one key never decrypts under another to the same message', () => {
    const key = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
    fc.assert(fc.property(key, key, fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 4 }), (k, iv, msg) => {
      fc.pre(!k.equals(Buffer.from('1234567890123456')));
      const other = new AesCodec(k, iv);
      const decoded = expectOnly(DecryptionError, () => decryptEnvelope(encryptEnvelope(msg, codec), other));
      if (decoded !== undefined) expect(decoded).not.toEqual(JSON.parse(JSON.stringify(msg)));
    }), { numRuns: RUNS });
  });
});
