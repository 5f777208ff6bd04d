import fc from 'fast-check';
import { BoardProtocolError } from '../errors';
import { ALL_FIXTURES } from '../testing/fixtures';
import { mergeState } from './board-state';
import { eventIdBasis } from './event-id';
import { normalise } from './normalise';
import { parseMessage } from './parse-message';
import type { ParseOptions } from './types';

/**
 * Whatever a board (or an attacker posing as one) sends, the pure pipeline either produces an envelope
 * or throws a BoardProtocolError the bridge can count and drop; it never crashes with anything else.
 */
const KNOWN_TYPES = [...new Set(ALL_FIXTURES.map(([, fx]) => Number(fx.raw.type)))];
const FIELD_NAMES = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'devId', 'type', 'netCh', 'slot', 'dbm',
  'ssid', 'ip', 'hwVer', 'imsi', 'iccId', 'msIsdn', 'phNum', 'smsBd', 'charset', 'smsTm', 'smsTs', 'startTm',
  'endTm', 'telStartTs', 'telEndTs', 'msgTs', 'tid', 'code', 'msg', 'val', 'cnt', 'reason', 'subType', 'results',
  'wifi', 'slotInfo', 'devTime', 'time', 'netOrder', 'limit', 'offset',
];

const hugeNumber = fc.constantFrom(1e308, -1e308, 1e21, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, 2 ** 53);
const weirdText = fc.oneof(
  fc.string(), fc.stringMatching(/^[%0-9A-Fa-f]{0,12}$/), fc.constantFrom('urlen', '', ' ', '\u0000', '1e3', '0x10'),
);
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), hugeNumber, weirdText);
const fieldName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) }, fc.string());

/** JSON values nested a few levels, with object keys drawn from the names the parser looks at. */
const { value: junk } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fieldName, tie('value')), { maxLength: 6 }).map((entries) => Object.fromEntries(entries)),
  ),
}));

const devIdValue = fc.oneof(fc.constantFrom('498060912345', 498060912345, 'f8efb2835b9e'), scalar, junk);
const typeValue = fc.oneof(fc.constantFrom(...KNOWN_TYPES), fc.constantFrom(...KNOWN_TYPES.map(String)), scalar, junk);

/** Built with Object.fromEntries so `__proto__` is an own key, exactly as JSON.parse makes it. */
const boardObject = fc
  .tuple(fc.array(fc.tuple(fieldName, junk), { maxLength: 12 }), fc.option(devIdValue), fc.option(typeValue))
  .map(([entries, devId, type]) => Object.fromEntries([
    ...entries,
    ...(devId === null ? [] : [['devId', devId]]),
    ...(type === null ? [] : [['type', type]]),
  ]) as Record<string, unknown>);

const options = fc.record({
  devId: fc.option(fc.oneof(fc.constant('session-1'), fc.string()), { nil: undefined }),
  aliases: fc.option(fc.dictionary(fc.string(), fc.constantFrom('ssid', 'dbm', 'devId', 'type', '__proto__')), { nil: undefined }),
}, { requiredKeys: [] });

type Outcome = { output: unknown[] } | { error: unknown };

/** The bridge's pure steps for one object; the error, if any, is returned so assertions stay outside. */
function runPipeline(raw: Record<string, unknown>, opts: ParseOptions): Outcome {
  try {
    const msg = parseMessage(raw, opts);
    const envelope = normalise(msg, { transport: 'http', receivedAt: new Date(0) });
    return { output: [envelope, mergeState(undefined, msg, new Date(0)), eventIdBasis(msg)] };
  } catch (error) {
    return { error };
  }
}

describe('parseMessage / normalise / mergeState on random input (fast-check)', () => {
  it('throw nothing but BoardProtocolError subclasses, and leave Object.prototype alone', () => {
    fc.assert(
      fc.property(boardObject, options, (raw, opts) => {
        const outcome = runPipeline(raw, opts);
        if ('error' in outcome) expect(outcome.error).toBeInstanceOf(BoardProtocolError);
        // Envelope and state are published as JSON: they must survive the round trip unchanged.
        else expect(JSON.parse(JSON.stringify(outcome.output))).toEqual(outcome.output);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('always parse a message whose devId and type are usable, whatever else it holds', () => {
    fc.assert(
      fc.property(boardObject, fc.constantFrom(...KNOWN_TYPES, 12345), (raw, type) => {
        const msg = parseMessage({ ...raw, devId: 'b1', type });
        expect(msg.devId).toBe('b1');
        expect(msg.type).toBe(type);
      }),
      { numRuns: 1000 },
    );
  });

  it('never modify the object they are given', () => {
    fc.assert(
      fc.property(boardObject, (raw) => {
        const before = JSON.stringify(raw);
        runPipeline(raw, { devId: 'b' });
        expect(JSON.stringify(raw)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});
