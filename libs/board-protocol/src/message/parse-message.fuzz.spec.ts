import fc from 'fast-check';
import { BoardProtocolError, MessageShapeError } from '../errors';
import {
  deepJsonText, hostileJsonObject, hostileText, INHERITED_NAMES, MEGABYTE, outcomeOf, POLLUTING_JSON, POLLUTION_KEYS,
  prototypesIntact,
} from '../testing/hostile';
import { ALL_FIXTURES } from '../testing/fixtures';
import { mergeState } from './board-state';
import { normalise } from './normalise';
import { parseMessage } from './parse-message';
import { MAX_NESTING } from './sanitize';
import type { ParseOptions } from './types';

/**
 * issue 6 "Fuzzing", message parsing (board-protocol §2, bridge-contract §3): objects exactly as JSON.parse
 * makes them from a hostile board's frame (own `__proto__` keys, Infinity from `1e400`, lone surrogates,
 * nesting far past the cap) go through parse → normalise → mergeState into an envelope no bigger than the
 * input allows, or a BoardProtocolError. parse-message.property.spec.ts covers random objects built in code.
 */

const RUNS = 300;
const TYPES = [...new Set(ALL_FIXTURES.map(([, fx]) => Number(fx.raw.type)))];
const FIELDS = ['netCh', 'slot', 'dbm', 'ssid', 'ip', 'hwVer', 'imsi', 'iccId', 'msIsdn', 'phNum', 'smsBd', 'charset',
  'smsTm', 'smsTs', 'startTm', 'endTm', 'telStartTs', 'telEndTs', 'msgTs', 'tid', 'code', 'msg', 'cnt', 'wifi',
  'slotInfo', 'devTime', 'subType', 'results'];
const ctx = { transport: 'tcp' as const, receivedAt: new Date(0) };

/** A board message as text: a usable devId and type (so the type's own parser runs), then hostile fields. */
const messageText = fc.tuple(fc.constantFrom(...TYPES, 12345), hostileJsonObject(FIELDS))
  .map(([type, fields]) => `{"devId":"b1","type":${type}${fields === '{}' ? '' : `,${fields.slice(1, -1)}`}}`);

function pipeline(raw: Record<string, unknown>, opts: ParseOptions = {}) {
  const msg = parseMessage(raw, opts);
  return { msg, envelope: normalise(msg, ctx), state: mergeState(undefined, msg, ctx.receivedAt) };
}

/** True when no object in `value` (walked without recursion) has one of the forbidden keys. */
function free(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (!Array.isArray(v) && POLLUTION_KEYS.some((k) => Object.hasOwn(v, k))) return false;
    for (const item of Object.values(v)) stack.push(item);
  }
  return true;
}

describe('parseMessage / normalise / mergeState on hostile JSON (fuzz)', () => {
  it('give an envelope bounded by the input, free of pollution keys, or a BoardProtocolError', () => {
    fc.assert(fc.property(messageText, (text) => {
      const outcome = outcomeOf(() => pipeline(JSON.parse(text) as Record<string, unknown>));
      expect(prototypesIntact()).toBe(true);
      if ('error' in outcome) {
        expect(outcome.error).toBeInstanceOf(BoardProtocolError);
        return;
      }
      const { envelope, state } = outcome.value;
      expect(free(envelope) && free(state)).toBe(true);
      const json = JSON.stringify(envelope);
      expect(JSON.parse(json)).toEqual(envelope);
      expect(json.length).toBeLessThanOrEqual(3 * text.length + 2048);
      expect(JSON.stringify(state).length).toBeLessThanOrEqual(3 * text.length + 2048);
    }), { numRuns: RUNS });
  });

  it('refuse nesting past the cap with MessageShapeError at any depth, never a stack overflow', () => {
    const depth = fc.oneof(fc.integer({ min: MAX_NESTING, max: 300 }), fc.constantFrom(5_000, 50_000));
    fc.assert(fc.property(depth, fc.constantFrom('array' as const, 'object' as const), fc.constantFrom(...TYPES),
      (d, kind, type) => {
        const raw = JSON.parse(`{"devId":"b1","type":${type},"x":${deepJsonText(d, kind)}}`) as Record<string, unknown>;
        const outcome = outcomeOf(() => pipeline(raw));
        expect('error' in outcome && outcome.error instanceof MessageShapeError).toBe(true);
      }), { numRuns: 60 });
  });

  it('apply hostile aliases without polluting anything or reading inherited names', () => {
    const name = fc.constantFrom(...INHERITED_NAMES, ...FIELDS, 'prototype', 'devId', 'type', 'x');
    const aliases = fc.dictionary(name, name, { maxKeys: 6 });
    fc.assert(fc.property(fc.constantFrom(...POLLUTING_JSON), aliases, fc.constantFrom(...TYPES), (json, alias, type) => {
      const raw = { ...(JSON.parse(json) as object), devId: 'b1', type } as Record<string, unknown>;
      const outcome = outcomeOf(() => pipeline(raw, { aliases: alias }));
      expect(prototypesIntact()).toBe(true);
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(BoardProtocolError);
      else expect(free(outcome.value.envelope)).toBe(true);
    }), { numRuns: RUNS });
  });

  it('decode charset=urlen SMS text of any shape into no more text than was sent', () => {
    const body = fc.oneof(hostileText, fc.constantFrom('%', '%Z', '%C0%AF', '%ED%A0%80', '%00', '%25%25', `%41${MEGABYTE}`),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((b) => b.map((x) => `%${x.toString(16)}`).join('')));
    fc.assert(fc.property(body, (smsBd) => {
      const outcome = outcomeOf(() => pipeline({ devId: 'b1', type: 501, slot: 1, phNum: '10086', smsBd, charset: 'urlen' }));
      if ('error' in outcome) throw outcome.error;
      const text = (outcome.value.envelope.data as { text?: unknown }).text;
      expect(typeof text === 'string' && text.length <= smsBd.length).toBe(true);
    }), { numRuns: RUNS });
  });
});
