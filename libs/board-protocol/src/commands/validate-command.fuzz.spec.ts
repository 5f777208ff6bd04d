import fc from 'fast-check';
import { CommandValidationError } from '../errors';
import {
  deepJson, hostileJsonObject, hugeNumber, hugeNumberText, INHERITED_NAMES, MEGABYTE, outcomeOf, POLLUTING_JSON,
  prototypesIntact,
} from '../testing/hostile';
import { toTcpCommand } from './build-command';
import { COMMAND_TABLE, commandNames, getCommandSpec } from './command-table';
import { MAX_PASS_THROUGH_CHARS } from './validate-param';
import { COMMAND_NAME_PATTERN, MAX_POSITIONAL, validateCommand } from './validate-command';

/**
 * issue 6 "Fuzzing", command validation (board-protocol §3, bridge-contract §4): parameters exactly as an
 * MQTT or HTTP client's JSON arrives (JSON.parse output, so `__proto__` is an own key), with deep nesting and
 * huge numbers. commands.property.spec.ts covers hostile objects built in code and the named ↔ positional
 * round trip; this adds JSON text, bounded output, and that values are never echoed into issues.
 */

const RUNS = 200;
const PARAM_NAMES = [...new Set(COMMAND_TABLE.flatMap((spec) => spec.params.map((p) => p.name)))];
const cmdName = fc.oneof(fc.constantFrom(...commandNames(), ...INHERITED_NAMES, 'SENDSMS', 'vendorcmd'), fc.string());
/** A value that must never appear in an issue: issues name parameters, never repeat what was given. */
const MARKER = 'Zq7MarkerValue';

const params = fc.oneof(
  hostileJsonObject([...PARAM_NAMES, 'p1', 'p2', 'p33', 'tid', 'ttl', 'requestId']),
  fc.constantFrom(...POLLUTING_JSON),
  deepJson,
).map((text) => JSON.parse(text) as unknown);

function expectBoundedIssues(err: CommandValidationError, given: unknown): void {
  const keys = typeof given === 'object' && given !== null ? Object.keys(given).length : 0;
  const specParams = getCommandSpec(err.cmd)?.params.length ?? 0;
  // One per key at most (one in all above 64 keys), one per table parameter, plus cmd and params.
  expect(err.issues.length).toBeLessThanOrEqual(Math.min(keys, 64) + specParams + 2);
  for (const issue of err.issues) {
    expect(issue.param.length).toBeLessThanOrEqual(65);
    expect(issue.message.length).toBeLessThanOrEqual(200);
  }
  expect(err.message).not.toContain(MARKER);
}

describe('validateCommand on hostile JSON (fuzz)', () => {
  it('returns a bounded, well-formed command or CommandValidationError with bounded issues, never anything else', () => {
    fc.assert(fc.property(cmdName, params, (cmd, given) => {
      const outcome = outcomeOf(() => validateCommand(cmd, given as Record<string, unknown>));
      expect(prototypesIntact()).toBe(true);
      if ('error' in outcome) {
        expect(outcome.error).toBeInstanceOf(CommandValidationError);
        expectBoundedIssues(outcome.error as CommandValidationError, given);
        return;
      }
      const v = outcome.value;
      expect(v.cmd).toMatch(COMMAND_NAME_PATTERN);
      expect(v.positional.length).toBeLessThanOrEqual(MAX_POSITIONAL);
      for (const value of v.positional) {
        if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(MAX_PASS_THROUGH_CHARS);
        else expect(Number.isFinite(value)).toBe(true);
      }
      expect(Object.getPrototypeOf(v.named)).toBe(Object.prototype);
      const allowed = new Set([...(getCommandSpec(v.cmd)?.params.map((p) => p.name) ?? []),
        ...v.positional.map((_, i) => `p${i + 1}`)]);
      for (const key of Object.keys(v.named)) expect(allowed.has(key)).toBe(true);
    }), { numRuns: RUNS });
  });

  it('never echoes a given value into an issue, whatever the parameter', () => {
    const value = fc.oneof(fc.constant(MARKER), fc.constant(`${MARKER}${MEGABYTE}`), fc.constant([MARKER]),
      fc.constant({ [MARKER]: MARKER }), fc.constant(`${MARKER}\u0000`));
    const key = fc.constantFrom(...PARAM_NAMES, 'p1', 'p40', 'tid', 'nope', '__proto__');
    fc.assert(fc.property(fc.constantFrom(...commandNames(), 'vendorcmd'), key, value, (cmd, k, v) => {
      const outcome = outcomeOf(() => validateCommand(cmd, JSON.parse(JSON.stringify({ [k]: v })) as Record<string, unknown>));
      if ('error' in outcome) expectBoundedIssues(outcome.error as CommandValidationError, { [k]: v });
    }), { numRuns: 100 });
  });

  it('never coerces a huge or non-decimal number into a board parameter', () => {
    const integerParams = COMMAND_TABLE.flatMap((spec) => spec.params.map((p, i) => ({ spec, p, i })))
      .filter(({ p }) => p.type === 'integer');
    const huge = fc.oneof(hugeNumber.filter((n) => !Number.isSafeInteger(n)),
      hugeNumberText.filter((t) => !/^-?\d{1,16}$/.test(t)));
    fc.assert(fc.property(fc.constantFrom(...integerParams), huge, ({ spec, p }, value) => {
      const outcome = outcomeOf(() => validateCommand(spec.name, { [p.name]: value }));
      expect('error' in outcome && outcome.error instanceof CommandValidationError
        && outcome.error.issues.some((issue) => issue.param === p.name)).toBe(true);
    }), { numRuns: RUNS });
  });

  it('builds a TCP frame whose keys are only cmd, p1…pN and tid', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      { maxLength: MAX_POSITIONAL }), (values) => {
      const given = JSON.parse(JSON.stringify(Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v])))) as Record<string, unknown>;
      const outcome = outcomeOf(() => toTcpCommand(validateCommand('vendorcmd', given), 't1'));
      if ('error' in outcome) {
        expect(outcome.error).toBeInstanceOf(CommandValidationError);
        return;
      }
      for (const key of Object.keys(outcome.value)) expect(key).toMatch(/^(cmd|tid|p([1-9]|[12][0-9]|3[0-2]))$/);
    }), { numRuns: RUNS });
  });
});
