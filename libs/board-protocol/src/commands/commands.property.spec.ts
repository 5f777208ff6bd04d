import fc from 'fast-check';
import { CommandValidationError } from '../errors';
import { toCtrlQuery, toNamed, toTcpCommand } from './build-command';
import type { ParamSpec } from './command-spec';
import { classifyBoardReply } from './command-reply';
import { COMMAND_TABLE, commandNames, getCommandSpec } from './command-table';
import { COMMAND_NAME_PATTERN, validateCommand, type ValidatedCommand } from './validate-command';

const TOKEN = '3f4bffa77257d243875d0a5a80635934';
const MEGABYTE = 'x'.repeat(1 << 20);
const PARAM_NAMES = [...new Set(COMMAND_TABLE.flatMap((spec) => spec.params.map((p) => p.name)))];

const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'p0', 'p1', 'p2', 'p3', 'p33', 'p01',
    'p999999', 'tid', 'token', 'cmd', 'ttl', 'requestId', '', MEGABYTE, ...PARAM_NAMES),
  fc.string(),
);
const hostileValue = fc.oneof(
  fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true,
    withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true }),
  fc.double(), fc.integer(), fc.string({ unit: 'binary' }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 1, '1e3', ' 2', '２', '0x10', '\u0000',
    '9007199254740993', '-0', MEGABYTE, [], {}, null, undefined),
);
/** Objects with arbitrary own keys, `__proto__` included (as JSON.parse would make them). */
const hostileParams = fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 12 }).map((entries) => {
  const obj: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return obj;
});
const hostileCmd = fc.oneof(fc.constantFrom(...commandNames(), 'SendSMS', 'foo', '__proto__', 'constructor'),
  fc.string(), fc.anything());

/** Checks everything a successful validation promises. */
function expectWellFormed(v: ValidatedCommand): void {
  expect(v.cmd).toMatch(COMMAND_NAME_PATTERN);
  for (const value of v.positional) {
    expect(typeof value === 'string' || Number.isFinite(value)).toBe(true);
  }
  expect(v.named).toStrictEqual(toNamed(v.cmd, v.positional));
  expect(() => JSON.stringify(toTcpCommand(v, 'tid1'))).not.toThrow();
  expect(Object.values(toCtrlQuery(v, { token: TOKEN, tid: 'tid1' })).every((s) => typeof s === 'string')).toBe(true);
}

describe('hostile input (property)', () => {
  it('validateCommand returns a well-formed command or throws CommandValidationError, nothing else', () => {
    let runs = 0;
    fc.assert(fc.property(hostileCmd, fc.oneof(hostileParams, hostileValue), (cmd, params) => {
      runs++;
      try {
        expectWellFormed(validateCommand(cmd as string, params as Record<string, unknown>));
      } catch (err) {
        if (!(err instanceof CommandValidationError)) throw err;
        expect(err.issues.length).toBeGreaterThan(0);
        for (const issue of err.issues) expect(issue.param.length).toBeLessThanOrEqual(65);
      }
    }), { numRuns: 2000 });
    expect(runs).toBe(2000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('classifyBoardReply never throws', () => {
    fc.assert(fc.property(fc.oneof(hostileParams, hostileValue), (frame) => {
      const reply = classifyBoardReply(frame as Record<string, unknown>);
      expect(reply === null || typeof reply.tid === 'string').toBe(true);
    }), { numRuns: 1000 });
  });
});

/** Any value valid for one parameter, as a caller would give it. */
function validValue(param: ParamSpec): fc.Arbitrary<unknown> {
  switch (param.type) {
    case 'integer': return fc.integer({ min: param.min, max: param.max });
    case 'enum': return fc.constantFrom(...param.values);
    case 'string': {
      const base = param.pattern
        ? fc.stringMatching(new RegExp(param.pattern))
        : fc.string({ unit: 'binary', minLength: param.minLength, maxLength: param.maxLength });
      return base.filter((s) => [...s].length >= param.minLength && [...s].length <= param.maxLength
        && !s.includes('\u0000') && Buffer.byteLength(s) <= (param.maxBytes ?? Infinity));
    }
  }
}

/** A valid named payload: a prefix of the parameters, some defaulted ones left out. */
const validCommand = fc.constantFrom(...COMMAND_TABLE).chain((spec) => {
  const required = spec.params.filter((p) => p.required).length;
  return fc.integer({ min: required, max: spec.params.length }).chain((count) => {
    const given = spec.params.slice(0, count);
    const entries = given.map((p) => (p.default === undefined
      ? validValue(p).map((v) => [p.name, v] as const)
      : fc.option(validValue(p), { nil: undefined }).map((v) => [p.name, v] as const)));
    return fc.tuple(...entries).map((pairs) => ({
      cmd: spec.name,
      named: Object.fromEntries(pairs.filter(([, v]) => v !== undefined)) as Record<string, unknown>,
    }));
  });
});

describe('round trip (property)', () => {
  it('named → positional → named is the identity for every command, defaults aside', () => {
    let runs = 0;
    fc.assert(fc.property(validCommand, ({ cmd, named }) => {
      runs++;
      const v = validateCommand(cmd, named);
      const defaults = Object.fromEntries((getCommandSpec(cmd)?.params ?? [])
        .filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
      expect(toNamed(cmd, v.positional)).toStrictEqual({ ...defaults, ...named });
      const frame = toTcpCommand(v, 't');
      expect(Object.keys(frame).filter((k) => /^p\d+$/.test(k))).toEqual(v.positional.map((_, i) => `p${i + 1}`));
    }), { numRuns: 1000 });
    expect(runs).toBe(1000);
  });

  it('positional parameters of an unknown command pass through unchanged', () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }).filter((s) => !s.includes('\u0000')),
      fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(fc.property(fc.array(value, { maxLength: 32 }), (values) => {
      const params = Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));
      expect(validateCommand('vendorcmd', params).positional).toStrictEqual(values);
    }));
  });
});
