import fc from 'fast-check';
import { DecryptionError } from '../errors';
import { AesCodec } from './aes-codec';
import { decryptEnvelope, encryptEnvelope } from './envelope';
import { decryptFormFields, encryptFormFields } from './form-fields';

const RUNS = 200;
const codec = new AesCodec('1234567890123456', '6543210987654321');
const text = fc.string({ unit: 'binary', maxLength: 80 });

/** Runs `fn`; passes when it returns or throws DecryptionError, fails on any other exception. */
function onlyDecryptionError(fn: () => unknown): void {
  let outcome: unknown = 'returned';
  try {
    fn();
  } catch (err) {
    outcome = err;
  }
  expect(outcome === 'returned' || outcome instanceof DecryptionError).toBe(true);
}

type Mutation = { op: 'flip'; at: number; bit: number } | { op: 'cut'; at: number } | { op: 'insert'; at: number; ch: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), ch: fc.constantFrom('=', '%', '-', 'A', '!', ' ', '%2') }),
);

/** Bit flips act on the ciphertext bytes; cuts and inserts on its base64 text. */
function mutate(b64: string, m: Mutation): string {
  if (m.op === 'flip') {
    const data = Buffer.from(b64, 'base64');
    data[m.at % data.length] ^= 1 << m.bit;
    return data.toString('base64');
  }
  const at = m.at % (b64.length + 1);
  return m.op === 'cut' ? b64.slice(0, at) : b64.slice(0, at) + m.ch + b64.slice(at);
}

describe('AES properties', () => {
  it('round-trips any text through encrypt and encryptUrlSafe', () => {
    fc.assert(fc.property(text, (plain) => {
      expect(codec.decrypt(codec.encrypt(plain))).toBe(plain);
      expect(codec.decrypt(codec.encryptUrlSafe(plain))).toBe(plain);
    }), { numRuns: RUNS });
  });

  it('round-trips any JSON object through an envelope, and any fields through FORM encryption', () => {
    const obj = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
    const fields = fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }));
    fc.assert(fc.property(obj, fields, (message, form) => {
      expect(decryptEnvelope(encryptEnvelope(message, codec), codec)).toEqual(JSON.parse(JSON.stringify(message)));
      expect(decryptFormFields(encryptFormFields(form, codec), codec)).toEqual(form);
    }), { numRuns: RUNS });
  });

  it('throws nothing but DecryptionError for random text and random bytes', () => {
    const randomBase64 = fc.uint8Array({ maxLength: 96 }).map((a) => Buffer.from(a).toString('base64'));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), randomBase64), (input) => {
      onlyDecryptionError(() => codec.decrypt(input));
      onlyDecryptionError(() => decryptEnvelope({ p: input }, codec));
      onlyDecryptionError(() => decryptFormFields({ devId: input, type: input }, codec));
    }), { numRuns: RUNS });
  });

  it('throws nothing but DecryptionError for mutated ciphertexts', () => {
    const valid = encryptEnvelope({ devId: '498060912345', type: 998, netCh: 0, cnt: 1 }, codec).p;
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const broken = mutations.reduce(mutate, valid);
      onlyDecryptionError(() => decryptEnvelope({ p: broken }, codec));
    }), { numRuns: RUNS });
  });
});
