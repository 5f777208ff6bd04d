import { createCipheriv } from 'node:crypto';
import { DecryptionError, KeyFormatError } from '../errors';
import { MSG_100_NEW, MSG_501 } from '../framing/testing/doc-examples';
import { AesCodec } from './aes-codec';

const KEY = '1234567890123456';
const IV = '6543210987654321';
const codec = new AesCodec(KEY, IV);
const JSON_100 = JSON.stringify(MSG_100_NEW);

describe('AesCodec (board-protocol §4.1)', () => {
  it('matches plain AES-128-CBC with PKCS#7 and the static IV', () => {
    const cipher = createCipheriv('aes-128-cbc', Buffer.from(KEY), Buffer.from(IV));
    const expected = Buffer.concat([cipher.update(JSON_100, 'utf8'), cipher.final()]).toString('base64');
    expect(codec.encrypt(JSON_100)).toBe(expected);
  });

  it('gives the 96-byte ciphertext of the vendor example for its 93-byte plaintext (§4.2)', () => {
    expect(Buffer.byteLength(JSON_100)).toBe(93);
    expect(Buffer.from(codec.encrypt(JSON_100), 'base64')).toHaveLength(96);
  });

  it('is deterministic, because the IV is static (§4.5)', () => {
    expect(codec.encrypt('100')).toBe(codec.encrypt('100'));
  });

  it('round-trips text, including Chinese and the empty string', () => {
    for (const text of [JSON_100, JSON.stringify(MSG_501), '您的话费余额是100元。', '', 'x'.repeat(1000)]) {
      expect(codec.decrypt(codec.encrypt(text))).toBe(text);
    }
  });

  it('accepts keys given as buffers or in any notation', () => {
    const decimal = new AesCodec('49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54', Buffer.from(IV));
    expect(decimal.encrypt('x')).toBe(codec.encrypt('x'));
  });

  it('refuses keys and IVs that are not 16 bytes', () => {
    expect(() => new AesCodec(Buffer.alloc(15), IV)).toThrow(KeyFormatError);
    expect(() => new AesCodec(KEY, 'short')).toThrow(KeyFormatError);
  });

  describe('decrypt accepts every form the ciphertext may travel in', () => {
    const standard = codec.encrypt(JSON_100);
    const forms: [string, string][] = [
      ['standard base64', standard],
      ['URL-safe base64 without padding', codec.encryptUrlSafe(JSON_100)],
      ['standard base64 without padding', standard.replace(/=+$/, '')],
      ['URL-safe base64 with padding', standard.replace(/\+/g, '-').replace(/\//g, '_')],
      ['percent-encoded', encodeURIComponent(standard)],
      ['percent-encoded twice', encodeURIComponent(encodeURIComponent(standard))],
      ['"+" turned into spaces by form decoding', standard.replace(/\+/g, ' ')],
      ['surrounded by whitespace', `  ${standard}\r\n`],
    ];
    it.each(forms)('%s', (_name, text) => {
      expect(codec.decrypt(text)).toBe(JSON_100);
    });
  });

  it('encryptUrlSafe uses only URL-safe characters', () => {
    for (let i = 0; i < 20; i += 1) expect(codec.encryptUrlSafe(`value ${i}`)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  describe('decrypt fails only with DecryptionError', () => {
    it('for a wrong key', () => {
      const wrongKey = new AesCodec('6543210987654321', IV);
      expect(() => wrongKey.decrypt(codec.encrypt(JSON_100))).toThrow(DecryptionError);
    });

    it('for a wrong IV on a one-block value (broken first block, padding intact)', () => {
      // CBC: a wrong IV garbles only the first block; here that is all there is, so UTF-8 fails.
      const wrongIv = new AesCodec(KEY, '0000000000000000');
      expect(() => wrongIv.decrypt(codec.encrypt('f8efb2835b9e'))).toThrow(DecryptionError);
    });

    it.each([
      ['bad base64 characters', '!!!!'],
      ['an impossible base64 length', 'AAAAA'],
      ['an empty string', ''],
      ['a length that is not a whole block', Buffer.alloc(20).toString('base64')],
      ['broken percent-encoding', '%E0%A4%A'],
      ['padding in the middle', 'AAAA=AAA'],
      ['a non-string', 42 as unknown as string],
    ])('for %s', (_name, text) => {
      expect(() => codec.decrypt(text)).toThrow(DecryptionError);
    });

    it('for broken PKCS#7 padding', () => {
      const data = Buffer.from(codec.encrypt('abc'), 'base64');
      data[data.length - 1] ^= 0x5a;
      expect(() => codec.decrypt(data.toString('base64'))).toThrow(DecryptionError);
    });

    it('for a plaintext that is not UTF-8', () => {
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(KEY), Buffer.from(IV));
      const data = Buffer.concat([cipher.update(Buffer.from([0xff, 0xfe, 0x00])), cipher.final()]);
      expect(() => codec.decrypt(data.toString('base64'))).toThrow('not UTF-8');
    });
  });
});
