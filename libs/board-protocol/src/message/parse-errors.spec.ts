import { BoardProtocolError, MessageShapeError } from '../errors';
import { parseMessage } from './parse-message';
import { MAX_NESTING } from './sanitize';

function shapeError(run: () => unknown): MessageShapeError {
  try {
    run();
  } catch (error) {
    if (error instanceof MessageShapeError) return error;
    throw error;
  }
  throw new Error('expected a MessageShapeError');
}

describe('MessageShapeError: no usable devId', () => {
  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['a boolean', true],
    ['an object', { id: 1 }],
    ['an array', ['498060912345']],
    ['a fraction', 1.5],
    ['a negative number', -4],
    ['longer than 64 characters', 'x'.repeat(65)],
    ['containing a topic separator', 'a/b'],
    ['containing an MQTT wildcard', 'a+b'],
    ['containing #', 'a#'],
    ['containing whitespace', 'a b'],
    ['containing a control character', 'a\u0000b'],
  ])('devId %s', (_label, devId) => {
    const raw = devId === undefined ? { type: 100 } : { devId, type: 100 };
    const error = shapeError(() => parseMessage(raw));
    expect(error.field).toBe('devId');
    expect(error).toBeInstanceOf(BoardProtocolError);
    expect(error.kind).toBe('message-shape');
    expect(error.fault).toBe('input');
  });

  it('accepts exactly 64 characters', () => {
    expect(parseMessage({ devId: 'x'.repeat(64), type: 100 }).devId).toHaveLength(64);
  });

  it('checks the session devId fallback the same way', () => {
    expect(shapeError(() => parseMessage({ type: 999 }, { devId: 'a/b' })).field).toBe('opts.devId');
  });
});

describe('MessageShapeError: no usable type', () => {
  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['not a number', 'abc'],
    ['negative', -1],
    ['a fraction', 100.5],
    ['beyond safe integers', 1e300],
    ['a 20-digit string', '99999999999999999999'],
    ['an array', [100]],
    ['hexadecimal text', '0x64'],
  ])('type %s', (_label, type) => {
    const raw = type === undefined ? { devId: 'b' } : { devId: 'b', type };
    expect(shapeError(() => parseMessage(raw)).field).toBe('type');
  });
});

describe('MessageShapeError: not a message at all', () => {
  it.each<[string, unknown]>([['null', null], ['an array', []], ['a string', '{}'], ['a number', 5]])(
    'input %s',
    (_label, input) => {
      expect(shapeError(() => parseMessage(input as Record<string, unknown>)).field).toBe('message');
    },
  );

  it(`refuses nesting deeper than ${MAX_NESTING} levels instead of recursing without bound`, () => {
    let junk: unknown = 'end';
    for (let i = 0; i < 10_000; i++) junk = i % 2 ? [junk] : { junk };
    expect(shapeError(() => parseMessage({ devId: 'b', type: 100, junk })).field).toBe('message');
  });

  it('accepts nesting that real messages use', () => {
    expect(parseMessage({ devId: 'b', type: 999, slot: { a: { b: { c: [1] } } } }).kind).toBe('reply');
  });
});
