import { FrameSyntaxError } from '../errors';
import { printableExcerpt } from './excerpt';
import { parseJsonObject, parseJsonValue } from './json-object';

describe('parseJsonObject', () => {
  it('parses a JSON object from a string or a UTF-8 buffer', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject(Buffer.from(' {"短信":"你好"} ', 'utf8'))).toEqual({ 短信: '你好' });
  });

  it.each([['[1]', 'an array'], ['42', 'a number'], ['null', 'null'], ['"x"', 'a string']])(
    'rejects %s, which is %s', (text, kind) => {
      expect(() => parseJsonObject(text)).toThrow(FrameSyntaxError);
      expect(() => parseJsonObject(text)).toThrow(kind);
    });

  it('rejects invalid UTF-8 instead of decoding it lossily', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(() => parseJsonObject(bytes)).toThrow('not valid UTF-8');
  });

  it('keeps a "__proto__" key as plain data', () => {
    const obj = parseJsonObject('{"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseJsonValue', () => {
  it('returns arrays and primitives too', () => {
    expect(parseJsonValue('[{"a":1}]')).toEqual([{ a: 1 }]);
    expect(parseJsonValue('7')).toBe(7);
  });

  it('reports a syntax error with a reason and an excerpt', () => {
    let caught: unknown;
    try {
      parseJsonValue('{"devId":');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FrameSyntaxError);
    expect((caught as FrameSyntaxError).excerpt).toBe('{"devId":');
    expect((caught as FrameSyntaxError).reason.length).toBeGreaterThan(0);
  });
});

describe('printableExcerpt', () => {
  it('replaces control characters and cuts at 64 code points', () => {
    expect(printableExcerpt('a\u0000b\nc\u2028d')).toBe('a.b.c.d');
    expect(printableExcerpt('😀'.repeat(100))).toBe('😀'.repeat(64));
    expect(printableExcerpt(Buffer.from([0x41, 0xff, 0x42]))).toBe('A.B');
  });
});
