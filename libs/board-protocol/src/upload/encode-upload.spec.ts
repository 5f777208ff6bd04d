import { AesCodec } from '../crypto/aes-codec';
import { asFormStrings, DOC_STREAM, MSG_100, MSG_100_FORM, MSG_501 } from '../framing/testing/doc-examples';
import { decodeUpload } from './decode-upload';
import { encodeUpload, formValue } from './encode-upload';
import type { BoardUploadEncoding } from './upload-types';

const aes = new AesCodec('0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,0x31,0x32,0x33,0x34,0x35,0x36', '1234567890123456');
const ENCODINGS: BoardUploadEncoding[] = ['get-form', 'get-json', 'post-form', 'post-json'];

describe('encodeUpload (board-protocol §1.2)', () => {
  it('GET + FORM gives the §2.3 query string', () => {
    expect(encodeUpload(MSG_100, 'get-form')).toEqual({ method: 'GET', query: MSG_100_FORM });
  });

  it('POST + FORM puts the same text in a form body', () => {
    const req = encodeUpload(MSG_100, 'post-form');
    expect(req).toMatchObject({ method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded' });
    expect(req.body?.toString('utf8')).toBe(MSG_100_FORM);
  });

  it('GET + JSON puts the percent-encoded JSON in p', () => {
    expect(encodeUpload(MSG_100, 'get-json').query).toBe(`p=${encodeURIComponent(JSON.stringify(MSG_100))}`);
  });

  it('POST + JSON sends compact UTF-8 JSON with the vendor\'s content type', () => {
    const req = encodeUpload(MSG_501, 'post-json');
    expect(req.contentType).toBe('application/json;charset=UTF-8');
    expect(req.body?.toString('utf8')).toBe(JSON.stringify(MSG_501));
  });

  it('with AES, encrypts FORM values one by one and JSON as a p envelope (§4.2)', () => {
    const form = new URLSearchParams(encodeUpload(MSG_100, 'get-form', { aes }).query);
    expect([...form.keys()]).toEqual(Object.keys(MSG_100));
    expect(form.get('type')).toBe(aes.encrypt('100'));
    const body = JSON.parse(encodeUpload(MSG_100, 'post-json', { aes }).body?.toString('utf8') ?? '');
    expect(body).toEqual({ p: aes.encrypt(JSON.stringify(MSG_100)) });
    expect(encodeUpload(MSG_100, 'get-json', { aes }).query).toBe(`p=${encodeURIComponent(body.p)}`);
  });

  describe.each(ENCODINGS)('%s round-trips through decodeUpload', (encoding) => {
    const expected = (m: Record<string, unknown>) => (encoding.endsWith('form') ? asFormStrings(m) : m);
    it.each(DOC_STREAM.map((m) => [m.type, m] as const))('message %s in clear', (_type, message) => {
      const decoded = decodeUpload(encodeUpload(message, encoding));
      expect(decoded).toEqual({ messages: [expected(message)], encoding, encrypted: false });
    });
    it.each(DOC_STREAM.map((m) => [m.type, m] as const))('message %s with AES', (_type, message) => {
      const decoded = decodeUpload(encodeUpload(message, encoding, { aes }), { aes });
      expect(decoded).toEqual({ messages: [expected(message)], encoding, encrypted: true });
    });
  });
});

describe('formValue', () => {
  it.each([
    ['abc', 'abc'], [100, '100'], [true, 'true'], [null, ''], [['a', 'b'], 'a,b'], [{ x: 1 }, '{"x":1}'],
  ])('%j → %j', (value, text) => {
    expect(formValue(value)).toBe(text);
  });

  it('leaves out undefined fields', () => {
    expect(encodeUpload({ devId: '1', type: 998, cnt: undefined }, 'get-form').query).toBe('devId=1&type=998');
  });
});
