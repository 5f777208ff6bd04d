import { DecryptionError } from '../errors';
import { asFormStrings, MSG_100_NEW, MSG_501 } from '../framing/testing/doc-examples';
import { FrameDecoder } from '../framing/frame-decoder';
import { encodeFrame } from '../framing/frame-encoder';
import { AesCodec } from './aes-codec';
import { decryptEnvelope, encryptEnvelope, isEncryptedEnvelope } from './envelope';
import { decryptFormFields, encryptFormFields } from './form-fields';

const codec = new AesCodec('1234567890123456', '0x36,0x35,0x34,0x33,0x32,0x31,0x30,0x39,0x38,0x37,0x36,0x35,0x34,0x33,0x32,0x31');
const other = new AesCodec('abcdefghijklmnop', 'ponmlkjihgfedcba');

describe('isEncryptedEnvelope', () => {
  it.each([
    [{ p: 'abc' }, true],
    [{ p: 'abc', devId: '1' }, false],
    [{ p: 5 }, false],
    [{}, false],
    [[{ p: 'abc' }], false],
    [null, false],
    ['{"p":"abc"}', false],
  ])('%j → %s', (value, expected) => {
    expect(isEncryptedEnvelope(value)).toBe(expected);
  });
});

describe('JSON/TCP envelope {"p":"<base64>"} (board-protocol §4.2)', () => {
  it('round-trips a message, compactly serialised', () => {
    const envelope = encryptEnvelope(MSG_100_NEW, codec);
    expect(codec.decrypt(envelope.p)).toBe(JSON.stringify(MSG_100_NEW));
    expect(decryptEnvelope(envelope, codec)).toEqual(MSG_100_NEW);
  });

  it('round-trips through a TCP frame, the terminator left in clear', () => {
    const frame = encodeFrame(encryptEnvelope(MSG_501, codec));
    expect(frame.subarray(-2)).toEqual(Buffer.from([0x11, 0x12]));
    const [result] = new FrameDecoder().push(frame);
    expect(result.ok && isEncryptedEnvelope(result.value)).toBe(true);
    expect(result.ok && decryptEnvelope(result.value, codec)).toEqual(MSG_501);
  });

  it('accepts a URL-safe, unpadded p', () => {
    expect(decryptEnvelope({ p: codec.encryptUrlSafe(JSON.stringify(MSG_501)) }, codec)).toEqual(MSG_501);
  });

  it('throws DecryptionError for a wrong key', () => {
    expect(() => decryptEnvelope(encryptEnvelope(MSG_100_NEW, codec), other)).toThrow(DecryptionError);
  });

  it('throws DecryptionError when the plaintext is not a JSON object', () => {
    expect(() => decryptEnvelope({ p: codec.encrypt('[1,2]') }, codec)).toThrow('not a JSON object');
    expect(() => decryptEnvelope({ p: codec.encrypt('devId=1') }, codec)).toThrow('not JSON');
  });

  it('throws DecryptionError for something that is not an envelope', () => {
    expect(() => decryptEnvelope({ devId: '1' }, codec)).toThrow(DecryptionError);
  });
});

describe('FORM fields, each value encrypted on its own (board-protocol §4.2)', () => {
  const fields = asFormStrings(MSG_100_NEW);

  it('keeps names in clear and round-trips every value', () => {
    const encrypted = encryptFormFields(fields, codec);
    expect(Object.keys(encrypted)).toEqual(Object.keys(fields));
    expect(encrypted.type).toBe(codec.encrypt('100'));
    // Every documented value is short, so each is exactly one AES block, as in the vendor example.
    for (const value of Object.values(encrypted)) expect(Buffer.from(value, 'base64')).toHaveLength(16);
    expect(decryptFormFields(encrypted, codec)).toEqual(fields);
  });

  it('keeps an empty value, which cannot be ciphertext (the vendor example ends in a stray "&/")', () => {
    const encrypted = { ...encryptFormFields(fields, codec), '/': '' };
    expect(decryptFormFields(encrypted, codec)).toEqual({ ...fields, '/': '' });
  });

  it('names the field that does not decrypt', () => {
    const encrypted = { ...encryptFormFields(fields, codec), ip: '192.168.1.236' };
    expect(() => decryptFormFields(encrypted, codec)).toThrow(/field "ip"/);
  });

  it('throws DecryptionError for a wrong key', () => {
    expect(() => decryptFormFields(encryptFormFields(fields, codec), other)).toThrow(DecryptionError);
  });
});
