import fc from 'fast-check';
import {
  COMMAND_TABLE, type CommandSpec, CommandValidationError, type ParamSpec, validateCommand,
} from '@board-bridge/board-protocol';
import { COMMAND_EXAMPLES } from '@board-bridge/board-protocol/testing/command-examples';
import { ContractValidator } from '../../../../test/helpers/contract-validator';
import { parseCommand } from '../commands/command-input';
import { MAX_TTL_SEC, POSITIONAL_SCHEMA_NAME, commandSchemaName, commandSchemas } from './command-schemas';

type Payload = Record<string, unknown>;

const contract = new ContractValidator();
const schemaOf = (cmd: string) => commandSchemaName(cmd);

/** The bridge's verdict on a payload: command-input.ts parseCommand (validateCommand plus requestId and ttl). */
function bridgeAccepts(cmd: string, payload: Payload): boolean {
  return parseCommand({ board: 'b1', cmd, payload, origin: 'mqtt', now: 0 }, { ttlSec: {} }).ok;
}

function libraryAccepts(cmd: string, payload: Payload): boolean {
  const { requestId: _r, ttl: _t, ...params } = payload;
  try {
    validateCommand(cmd, params);
    return true;
  } catch (err) {
    if (err instanceof CommandValidationError) return false;
    throw err;
  }
}

const codePoints = (s: string) => [...s].length;

function validValue(p: ParamSpec): fc.Arbitrary<unknown> {
  switch (p.type) {
    case 'integer': return fc.integer({ min: p.min, max: p.max });
    case 'enum': return fc.constantFrom(...p.values);
    case 'string': {
      const base = p.pattern ? fc.stringMatching(new RegExp(p.pattern, 'u'))
        : fc.string({ minLength: p.minLength, maxLength: p.maxLength });
      return base.filter((s) => codePoints(s) >= p.minLength && codePoints(s) <= p.maxLength
        && Buffer.byteLength(s) <= (p.maxBytes ?? Infinity));
    }
  }
}

const requestIds = fc.stringMatching(/^[\x21-\x7e]{1,128}$/);
const ttls = fc.integer({ min: 0, max: MAX_TTL_SEC });

/** Required parameters and a prefix of the optional ones (positions without gaps), maybe requestId and ttl. */
function validPayload(spec: CommandSpec): fc.Arbitrary<Payload> {
  const requiredCount = spec.params.filter((p) => p.required).length;
  return fc.tuple(fc.tuple(...spec.params.map(validValue)), fc.integer({ min: requiredCount, max: spec.params.length }),
    fc.option(requestIds, { nil: undefined }), fc.option(ttls, { nil: undefined }))
    .map(([values, count, requestId, ttl]) => ({
      ...Object.fromEntries(spec.params.slice(0, count).map((p, i) => [p.name, values[i]])),
      ...(requestId === undefined ? {} : { requestId }),
      ...(ttl === undefined ? {} : { ttl }),
    }));
}

/** One way of breaking a parameter that both the schema and validate-param.ts must refuse. */
function invalidValue(p: ParamSpec): fc.Arbitrary<unknown> {
  const wrongType = fc.constantFrom(true, false, null, [], {}, [1]);
  switch (p.type) {
    case 'integer':
      return fc.oneof(wrongType, fc.integer({ max: p.min - 1 }), fc.integer({ min: p.max + 1 }),
        fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }));
    case 'enum':
      return fc.oneof(wrongType, typeof p.values[0] === 'number'
        ? fc.integer().filter((n) => !p.values.includes(n)) : fc.string().filter((s) => !p.values.includes(s)));
    case 'string':
      return fc.oneof(wrongType, fc.integer(), fc.constant('x'.repeat(p.maxLength + 1)),
        ...(p.pattern ? [fc.string({ maxLength: p.maxLength }).filter((s) => !new RegExp(p.pattern as string, 'u').test(s))]
          : []));
  }
}

/** A valid payload with exactly one thing wrong; `param` says whether validateCommand alone must refuse it. */
function invalidPayload(spec: CommandSpec): fc.Arbitrary<{ payload: Payload; param: boolean }> {
  const breakers: fc.Arbitrary<(p: Payload) => { payload: Payload; param: boolean }>[] = [
    fc.constantFrom('foo', 'tid', 'token', 'cmd', 'p0', 'p33', 'Slot')
      .map((key) => (p) => ({ payload: { ...p, [key]: 1 }, param: true })),
    fc.constantFrom('', 'has space', 'x'.repeat(129), 42, 'é')
      .map((requestId) => (p) => ({ payload: { ...p, requestId }, param: false })),
    fc.constantFrom(-1, MAX_TTL_SEC + 1, 1.5, '10', null).map((ttl) => (p) => ({ payload: { ...p, ttl }, param: false })),
  ];
  for (const param of spec.params) {
    breakers.push(invalidValue(param).map((bad) => (p) => ({ payload: { ...p, [param.name]: bad }, param: true })));
    if (param.required) {
      breakers.push(fc.constant((p) => {
        const { [param.name]: _gone, ...rest } = p;
        return { payload: rest, param: true };
      }));
    }
  }
  return fc.tuple(validPayload(spec), fc.oneof(...breakers)).map(([payload, breakIt]) => breakIt(payload));
}

describe('command payload schemas (generated from COMMAND_TABLE)', () => {
  it('has one schema per documented command plus the positional form', () => {
    expect(Object.keys(commandSchemas()).sort())
      .toEqual([...COMMAND_TABLE.map((s) => commandSchemaName(s.name)), POSITIONAL_SCHEMA_NAME].sort());
  });

  it.each(COMMAND_EXAMPLES.map(([cmd, named]) => [cmd, named] as const))('accepts the %s example', (cmd, named) => {
    expect(contract.errors(schemaOf(cmd), named)).toEqual([]);
    expect(contract.errors(schemaOf(cmd), { ...named, requestId: 'r-1', ttl: 60 })).toEqual([]);
    expect(bridgeAccepts(cmd, named)).toBe(true);
  });

  it.each(COMMAND_TABLE.map((s) => [s.name, s] as const))('%s: valid payloads are accepted by both (property)', (_n, spec) => {
    fc.assert(fc.property(validPayload(spec), (payload) => {
      expect(contract.errors(schemaOf(spec.name), payload)).toEqual([]);
      expect(bridgeAccepts(spec.name, payload)).toBe(true);
    }), { numRuns: 150 });
  });

  it.each(COMMAND_TABLE.map((s) => [s.name, s] as const))('%s: broken payloads are refused by both (property)', (_n, spec) => {
    fc.assert(fc.property(invalidPayload(spec), ({ payload, param }) => {
      expect(contract.isValid(schemaOf(spec.name), payload)).toBe(false);
      expect(bridgeAccepts(spec.name, payload)).toBe(false);
      if (param) expect(libraryAccepts(spec.name, payload)).toBe(false);
    }), { numRuns: 150 });
  });

  it('requestId and ttl: the schema and parseCommand agree on any value (property)', () => {
    const anyValue = fc.oneof(fc.string({ unit: 'binary', maxLength: 140 }), fc.integer(), fc.double(), fc.constant(null));
    fc.assert(fc.property(fc.constantFrom('requestId', 'ttl'), fc.oneof(anyValue, requestIds, ttls), (key, value) => {
      const payload = { [key]: value };
      expect(contract.isValid(schemaOf('stat'), payload)).toBe(bridgeAccepts('stat', payload));
    }), { numRuns: 1000 });
  });

  it('positional p1…pN: accepted by both for a command the table does not know; names refused by both', () => {
    const value = fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 32 }), (values) => {
      const payload = Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));
      expect(contract.errors(POSITIONAL_SCHEMA_NAME, payload)).toEqual([]);
      expect(bridgeAccepts('vendorcmd', payload)).toBe(true);
    }), { numRuns: 200 });
    for (const payload of [{ slot: 1 }, { p33: 1 }, { p1: 'a\u0000b' }, { p1: 'x'.repeat(4097) }, { p1: true }]) {
      expect(contract.isValid(POSITIONAL_SCHEMA_NAME, payload)).toBe(false);
      expect(bridgeAccepts('vendorcmd', payload)).toBe(false);
    }
  });

  it('positional form of a documented command needs the required positions, like validateCommand', () => {
    expect(contract.isValid(schemaOf('sendsms'), { p1: 1, p2: '10086', p3: 'hi' })).toBe(true);
    expect(bridgeAccepts('sendsms', { p1: 1, p2: '10086', p3: 'hi' })).toBe(true);
    expect(contract.isValid(schemaOf('sendsms'), { p1: 1 })).toBe(false);
    expect(bridgeAccepts('sendsms', { p1: 1 })).toBe(false);
  });

  it('documents what the schema cannot check: the positional gap rule and UTF-8 byte limits', () => {
    const schemas = commandSchemas() as Record<string, { description: string }>;
    expect(schemas[schemaOf('teldial')].description).toContain('give tts whenever');
    expect(JSON.stringify(schemas[schemaOf('addwf')])).toContain('at most 32 bytes in UTF-8');
  });
});
