import fc from 'fast-check';
import { commandNames, COMMAND_NAME_PATTERN } from '@board-bridge/board-protocol';
import {
  deepJson, hostileJsonObject, hostileText, INHERITED_NAMES, MEGABYTE, outcomeOf, POLLUTING_JSON, prototypesIntact,
  withOwnKeys,
} from '@board-bridge/board-protocol/testing/hostile';
import { type CommandDefaults, type CommandInput, parseCommand } from './command-input';

/**
 * issue 6 "Fuzzing", command intake (bridge-contract §4): whatever an MQTT publisher or an HTTP client sends
 * as topic command and payload, parseCommand never throws and either accepts a request that is safe to
 * queue, route through Redis and write to a board, or rejects it with a bounded message.
 */

const RUNS = 300;
const WEEK_SEC = 7 * 24 * 3600;
const MARKER = 'Zq7MarkerValue';
/** As COMMAND_TTL_SEC parses them: own keys of a plain object. */
const DEFAULTS: CommandDefaults[] = [{ ttlSec: {} }, { ttlSec: { sendsms: 45, constructor: 5 } }];

const cmd = fc.oneof(fc.constantFrom(...commandNames(), 'SendSMS', 'vendorcmd'),
  fc.constantFrom(...INHERITED_NAMES, 'CONSTRUCTOR'), hostileText);
const jsonText = fc.oneof(
  hostileJsonObject(['requestId', 'ttl', 'slot', 'to', 'text', 'p1', 'p2']),
  fc.constantFrom(...POLLUTING_JSON, '', '  ', 'null', '[]', '"x"', '{"ttl":1e400}', '{"ttl":-0}', '{"ttl":"60"}',
    `{"requestId":"${'r'.repeat(200)}"}`, `{"text":"${MARKER}${MEGABYTE}"}`, `{"ttl":{"valueOf":1}}`),
  deepJson,
);
const payload: fc.Arbitrary<CommandInput['payload']> = fc.oneof(
  jsonText,
  jsonText.map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)),
  fc.constant(Buffer.from(MEGABYTE)),
  fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'ttl', 'requestId', 'p1', 'slot'),
    fc.oneof(hostileText, fc.integer(), fc.constant({ polluted: 'yes' }))), { maxLength: 5 }).map(withOwnKeys),
);

/** Only what JSON carries: strings, finite numbers, booleans, null, arrays and plain objects. */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
    && Object.values(value as object).every(jsonSafe);
}

describe('parseCommand on hostile input (fuzz)', () => {
  it('never throws; an accepted request has a bounded ttl, a printable requestId and a valid name', () => {
    fc.assert(fc.property(cmd, payload, fc.boolean(), fc.constantFrom(...DEFAULTS), (name, body, retained, defaults) => {
      const outcome = outcomeOf(() => parseCommand({ board: 'b1', cmd: name, payload: body, origin: 'mqtt', retained,
        now: 0 }, defaults));
      expect(prototypesIntact()).toBe(true);
      if ('error' in outcome) throw outcome.error;
      const parsed = outcome.value;
      if (!parsed.ok) {
        expect(parsed.rejection.requestId).toMatch(/^[\x21-\x7e]{1,128}$/);
        expect(parsed.rejection.message.length).toBeLessThanOrEqual(32 * 1024);
        expect(parsed.rejection.message).not.toContain(MARKER);
        return;
      }
      const r = parsed.request;
      expect(retained).toBe(false);
      expect(Number.isSafeInteger(r.ttlSec) && r.ttlSec >= 0 && r.ttlSec <= WEEK_SEC).toBe(true);
      expect(r.requestId).toMatch(/^[\x21-\x7e]{1,128}$/);
      expect(r.cmd).toMatch(COMMAND_NAME_PATTERN);
      // The request crosses Redis as JSON: nothing in it may be lost on the way (−0 arriving as 0 is fine).
      expect(jsonSafe(r)).toBe(true);
    }), { numRuns: RUNS });
  });

  it('takes a command named like an inherited property for an unknown command with ttl 0', () => {
    for (const name of INHERITED_NAMES.filter((n) => COMMAND_NAME_PATTERN.test(n))) {
      for (const defaults of DEFAULTS) {
        const parsed = parseCommand({ board: 'b1', cmd: name, payload: '{}', origin: 'mqtt', now: 0 }, defaults);
        const own = Object.hasOwn(defaults.ttlSec, name.toLowerCase()) ? defaults.ttlSec[name.toLowerCase()] : 0;
        expect(parsed.ok && parsed.request.ttlSec).toBe(own);
      }
    }
  });
});
