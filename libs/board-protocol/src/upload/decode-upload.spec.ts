import { AesCodec } from '../crypto/aes-codec';
import { encryptEnvelope } from '../crypto/envelope';
import { encryptFormFields } from '../crypto/form-fields';
import { DecryptionError, FrameSyntaxError, UploadFormatError } from '../errors';
import {
  asFormStrings, MSG_100, MSG_100_AS_STRINGS, MSG_100_FORM, MSG_100_NEW, MSG_501, MSG_998,
} from '../framing/testing/doc-examples';
import { decodeUpload } from './decode-upload';
import { encodeUrlEncoded } from './url-encoded';

const aes = new AesCodec('1234567890123456', '6543210987654321');
const post = (contentType: string | undefined, body: string | Buffer, query = '') =>
  ({ method: 'POST', query, contentType, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') });
const get = (query: string) => ({ method: 'GET', query });

describe('decodeUpload, plaintext (board-protocol §1.2)', () => {
  it('GET + FORM: the §2.3 query string, every value a string', () => {
    expect(decodeUpload(get(MSG_100_FORM))).toEqual({ messages: [MSG_100_AS_STRINGS], encoding: 'get-form', encrypted: false });
  });

  it('GET + FORM: percent-encoded Chinese SMS text', () => {
    const upload = decodeUpload(get(encodeUrlEncoded(asFormStrings(MSG_501))));
    expect(upload.messages).toEqual([asFormStrings(MSG_501)]);
  });

  it('GET + JSON: the whole message in p=, percent-encoded', () => {
    const upload = decodeUpload(get(`p=${encodeURIComponent(JSON.stringify(MSG_501))}`));
    expect(upload).toEqual({ messages: [MSG_501], encoding: 'get-json', encrypted: false });
  });

  it('GET + JSON: p= with raw JSON characters, as a lax client sends it', () => {
    const upload = decodeUpload(get(`p=${JSON.stringify(MSG_100)}`));
    expect(upload.messages).toEqual([MSG_100]);
  });

  it('GET + JSON: ignores static parameters of the interface URL beside p', () => {
    const upload = decodeUpload(get(`key=secret&p=${encodeURIComponent(JSON.stringify(MSG_998))}`));
    expect(upload).toEqual({ messages: [MSG_998], encoding: 'get-json', encrypted: false });
  });

  it('POST + FORM', () => {
    const upload = decodeUpload(post('application/x-www-form-urlencoded', MSG_100_FORM));
    expect(upload).toEqual({ messages: [MSG_100_AS_STRINGS], encoding: 'post-form', encrypted: false });
  });

  it.each([
    'application/json',
    'application/json;charset=UTF-8',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="utf8"',
    'text/plain',
    undefined,
  ])('POST + JSON with content type %s', (contentType) => {
    const upload = decodeUpload(post(contentType, JSON.stringify(MSG_501)));
    expect(upload).toEqual({ messages: [MSG_501], encoding: 'post-json', encrypted: false });
  });

  it('POST with an unknown or missing content type holding FORM text is sniffed as FORM', () => {
    expect(decodeUpload(post(undefined, MSG_100_FORM)).encoding).toBe('post-form');
    expect(decodeUpload(post('application/octet-stream', MSG_100_FORM)).messages).toEqual([MSG_100_AS_STRINGS]);
  });

  it('POST + JSON in another declared charset', () => {
    const body = Buffer.from('{"devId":"1","type":501,"smsBd":"café"}', 'latin1');
    expect(decodeUpload(post('application/json; charset=iso-8859-1', body)).messages[0].smsBd).toBe('café');
  });

  it('a JSON array body yields several messages', () => {
    const upload = decodeUpload(post('application/json', JSON.stringify([MSG_100, MSG_501, MSG_998])));
    expect(upload.messages).toEqual([MSG_100, MSG_501, MSG_998]);
  });

  it('multipart/form-data text fields, file parts skipped', () => {
    const b = 'X-BOUNDARY-123';
    const body = [
      'preamble', `--${b}`, 'Content-Disposition: form-data; name="devId"', '', '498060912345',
      `--${b}`, 'Content-Disposition: form-data; name="smsBd"', 'Content-Type: text/plain; charset=utf-8', '',
      '第一行\r\n第二行', `--${b}`, 'Content-Disposition: form-data; name="att"; filename="a.amr"', '', 'BINARY',
      `--${b}`, 'content-disposition: form-data; name=type', '', '501', `--${b}--`, '',
    ].join('\r\n');
    const upload = decodeUpload(post(`multipart/form-data; boundary="${b}"`, body));
    expect(upload).toEqual({
      messages: [{ devId: '498060912345', smsBd: '第一行\r\n第二行', type: '501' }], encoding: 'multipart', encrypted: false,
    });
  });

  it('multipart with one p field holding JSON', () => {
    const body = `--b\r\nContent-Disposition: form-data; name="p"\r\n\r\n${JSON.stringify(MSG_998)}\r\n--b--\r\n`;
    expect(decodeUpload(post('multipart/form-data; boundary=b', body)).messages).toEqual([MSG_998]);
  });

  it('a POST with an empty body falls back to the query string', () => {
    expect(decodeUpload({ ...post(undefined, ''), query: MSG_100_FORM })).toEqual(
      { messages: [MSG_100_AS_STRINGS], encoding: 'get-form', encrypted: false });
  });

  it('accepts a lower-case method and a query with a leading "?"', () => {
    expect(decodeUpload({ method: 'get', query: `?${MSG_100_FORM}` }).messages).toEqual([MSG_100_AS_STRINGS]);
  });
});

describe('decodeUpload, AES (board-protocol §4.2)', () => {
  const json = JSON.stringify(MSG_100_NEW);
  const formFields = asFormStrings({ ...MSG_100_NEW, charset: 'utf8' });

  it('GET + FORM: each value decrypted, names in clear, the vendor example\'s stray "&/" tolerated', () => {
    const query = `${encodeUrlEncoded(encryptFormFields(formFields, aes))}&/`;
    expect(query).toContain('type=' + encodeURIComponent(aes.encrypt('100')));
    expect(decodeUpload(get(query), { aes })).toEqual(
      { messages: [{ ...formFields, '/': '' }], encoding: 'get-form', encrypted: true });
  });

  it('POST + FORM', () => {
    const body = encodeUrlEncoded(encryptFormFields(formFields, aes));
    expect(decodeUpload(post('application/x-www-form-urlencoded', body), { aes })).toEqual(
      { messages: [formFields], encoding: 'post-form', encrypted: true });
  });

  it.each([
    ['standard base64, percent-encoded', encodeURIComponent(aes.encrypt(json))],
    ['URL-safe base64 without padding', aes.encryptUrlSafe(json)],
  ])('GET + JSON: p=<ciphertext> as %s', (_name, p) => {
    expect(decodeUpload(get(`p=${p}`), { aes })).toEqual({ messages: [MSG_100_NEW], encoding: 'get-json', encrypted: true });
  });

  it.each(['application/json;charset=UTF-8', 'application/json', undefined])(
    'POST + JSON: {"p":"…"} with content type %s', (contentType) => {
      const body = JSON.stringify(encryptEnvelope(MSG_100_NEW, aes));
      expect(decodeUpload(post(contentType, body), { aes })).toEqual(
        { messages: [MSG_100_NEW], encoding: 'post-json', encrypted: true });
    });

  it('multipart with encrypted field values', () => {
    const fields = encryptFormFields(asFormStrings(MSG_998), aes);
    const body = Object.entries(fields)
      .map(([k, v]) => `--zz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--zz--';
    expect(decodeUpload(post('multipart/form-data; boundary=zz', body), { aes }).messages).toEqual([asFormStrings(MSG_998)]);
  });

  it('without a codec, returns an encrypted envelope as it is and says it is encrypted', () => {
    const p = aes.encrypt(json);
    expect(decodeUpload(post('application/json', JSON.stringify({ p })))).toEqual(
      { messages: [{ p }], encoding: 'post-json', encrypted: true });
    expect(decodeUpload(get(`p=${encodeURIComponent(p)}`))).toEqual(
      { messages: [{ p }], encoding: 'get-json', encrypted: true });
  });

  it('with a codec, still accepts a plaintext JSON upload and says it was not encrypted', () => {
    expect(decodeUpload(post('application/json', json), { aes })).toEqual(
      { messages: [MSG_100_NEW], encoding: 'post-json', encrypted: false });
  });

  it('a wrong key gives DecryptionError in every mode', () => {
    const other = new AesCodec('abcdefghijklmnop', 'ponmlkjihgfedcba');
    const uploads = [
      post('application/json', JSON.stringify(encryptEnvelope(MSG_100_NEW, aes))),
      get(`p=${encodeURIComponent(aes.encrypt(json))}`),
      get(encodeUrlEncoded(encryptFormFields(formFields, aes))),
    ];
    for (const upload of uploads) expect(() => decodeUpload(upload, { aes: other })).toThrow(DecryptionError);
  });

  it('a FORM value that does not decrypt gives DecryptionError', () => {
    expect(() => decodeUpload(get(MSG_100_FORM), { aes })).toThrow(DecryptionError);
  });
});

describe('decodeUpload, bad uploads', () => {
  it.each([
    ['an empty GET', get(''), UploadFormatError],
    ['a POST with a blank body and no query', post('application/json', ' \r\n'), UploadFormatError],
    ['a PUT', { method: 'PUT', query: MSG_100_FORM }, UploadFormatError],
    ['a JSON number', post('application/json', '42'), FrameSyntaxError],
    ['broken JSON', post('application/json', '{"devId":'), FrameSyntaxError],
    ['invalid UTF-8 JSON', post('application/json', Buffer.from([0x7b, 0xff, 0x7d])), FrameSyntaxError],
    ['an array holding a non-object', post('application/json', '[{"a":1},2]'), FrameSyntaxError],
    ['an empty JSON array', post('application/json', '[]'), UploadFormatError],
    ['an unknown body format', post('application/octet-stream', 'hello'), UploadFormatError],
    ['an unknown charset', post('application/x-www-form-urlencoded; charset=klingon', 'a=1'), UploadFormatError],
    ['multipart without a boundary', post('multipart/form-data', '--x\r\n'), UploadFormatError],
    ['multipart with a different boundary', post('multipart/form-data; boundary=y', '--x\r\n\r\n--x--'), UploadFormatError],
    ['truncated multipart', post('multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'), UploadFormatError],
    ['a query of separators only', get('&&&'), UploadFormatError],
    ['a p that is neither JSON nor base64', get('p=%7Bnot%20json'), FrameSyntaxError],
  ])('rejects %s', (_name, req, errorClass) => {
    expect(() => decodeUpload(req)).toThrow(errorClass);
  });
});
