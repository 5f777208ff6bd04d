import { isUrlEncodedCharset, percentDecode } from './url-decode';

describe('percentDecode (board-protocol §1.2 ssid, §2.3 charset=urlen)', () => {
  it.each<[string, string, string]>([
    ['UTF-8 escapes', '%E4%BD%A0%E5%A5%BD', '你好'],
    ['mixed text and escapes', 'a%20b', 'a b'],
    ['lowercase hex', '%e4%bd%a0', '你'],
    ['plain text', 'mywifi', 'mywifi'],
    ['a stray percent', '100%', '100%'],
    ['a non-hex escape', '%zz%4', '%zz%4'],
    ['a cut UTF-8 sequence', '%E4%BD', '\uFFFD'],
    ['an invalid byte between valid text', 'a%FFb', 'a\uFFFDb'],
    ['plus signs, kept (phone numbers)', '+86+1', '+86+1'],
    ['an escaped percent, decoded once', '%2541', '%41'],
  ])('%s', (_label, input, output) => {
    expect(percentDecode(input)).toBe(output);
  });
});

describe('isUrlEncodedCharset', () => {
  it('is true only for urlen, in any case', () => {
    expect([isUrlEncodedCharset('urlen'), isUrlEncodedCharset('URLen')]).toEqual([true, true]);
    expect([isUrlEncodedCharset('utf8'), isUrlEncodedCharset(null), isUrlEncodedCharset('')]).toEqual([false, false, false]);
  });
});
