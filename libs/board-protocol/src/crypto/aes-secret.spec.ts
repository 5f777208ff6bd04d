import { KeyFormatError } from '../errors';
import { parseAesSecret } from './aes-secret';

const ASCII = '1234567890123456';
const EXPECTED = Buffer.from(ASCII, 'latin1');
const DECIMAL = '49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54';
const HEX = '0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,0x31,0x32,0x33,0x34,0x35,0x36';

describe('parseAesSecret (board-protocol §4.1)', () => {
  it('reads the three notations of the same key as the same 16 bytes', () => {
    expect(parseAesSecret(ASCII)).toEqual(EXPECTED);
    expect(parseAesSecret(DECIMAL)).toEqual(EXPECTED);
    expect(parseAesSecret(HEX)).toEqual(EXPECTED);
  });

  it('accepts hex in any case, one-digit hex bytes and leading zeros in decimal', () => {
    expect(parseAesSecret(HEX.toUpperCase())).toEqual(EXPECTED);
    const zeros = Array.from({ length: 16 }, () => '0x0').join(',');
    expect(parseAesSecret(zeros)).toEqual(Buffer.alloc(16));
    expect(parseAesSecret(Array.from({ length: 16 }, () => '007').join(','))).toEqual(Buffer.alloc(16, 7));
    expect(parseAesSecret(Array.from({ length: 16 }, () => '0xfF').join(','))).toEqual(Buffer.alloc(16, 255));
  });

  it('tolerates whitespace around the value and around each item', () => {
    expect(parseAesSecret(`  ${ASCII}\n`)).toEqual(EXPECTED);
    expect(parseAesSecret(` ${DECIMAL.split(',').join(' , ')} `)).toEqual(EXPECTED);
    expect(parseAesSecret(`\t${HEX.split(',').join(',\n')}`)).toEqual(EXPECTED);
  });

  it('takes a value of exactly 16 characters literally, even with spaces or commas', () => {
    expect(parseAesSecret(' abc,def ghi,jk ')).toEqual(Buffer.from(' abc,def ghi,jk ', 'latin1'));
  });

  it.each([
    ['15 characters', '123456789012345'],
    ['17 characters', '12345678901234567'],
    ['non-ASCII characters', '密钥密钥密钥密钥密钥密钥密钥密钥'],
    ['a control character', '123456789012345\u0001'],
    ['15 decimal bytes', DECIMAL.split(',').slice(1).join(',')],
    ['17 hex bytes', `${HEX},0x00`],
    ['a decimal byte over 255', DECIMAL.replace(/^49/, '256')],
    ['a negative byte', DECIMAL.replace(/^49/, '-1')],
    ['a three-digit hex byte', HEX.replace(/^0x31/, '0x131')],
    ['mixed notations', HEX.replace(/^0x31/, '49')],
    ['a trailing comma', `${DECIMAL},`],
    ['an empty item', DECIMAL.replace(',50,', ',,')],
    ['the empty string', ''],
  ])('rejects %s', (_name, text) => {
    expect(() => parseAesSecret(text)).toThrow(KeyFormatError);
  });

  it('never puts key material into the error message', () => {
    const secretish = DECIMAL.replace(/54$/, '999');
    expect(() => parseAesSecret(secretish)).toThrow('item 16 is not a decimal byte 0–255');
  });

  it('reports a config fault', () => {
    try {
      parseAesSecret('short');
      throw new Error('expected KeyFormatError');
    } catch (err) {
      expect(err).toBeInstanceOf(KeyFormatError);
      expect((err as KeyFormatError).fault).toBe('config');
    }
  });
});
