import { type CommandDefaults, type CommandInput, MAX_COMMAND_BYTES, parseCommand, type ParsedCommand } from './command-input';

const NOW = 1_700_000_000_000;
const NO_OVERRIDES: CommandDefaults = { ttlSec: {} };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function input(cmd: string, payload: CommandInput['payload'], extra: Partial<CommandInput> = {}): CommandInput {
  return { board: '498060912345', cmd, payload, origin: 'mqtt', now: NOW, ...extra };
}

function accepted(parsed: ParsedCommand): Extract<ParsedCommand, { ok: true }> {
  if (!parsed.ok) throw new Error(`expected acceptance, got ${JSON.stringify(parsed.rejection)}`);
  return parsed;
}

function rejected(parsed: ParsedCommand): Extract<ParsedCommand, { ok: false }>['rejection'] {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.request)}`);
  return parsed.rejection;
}

describe('parseCommand', () => {
  it('turns named sendsms parameters into the positional request of bridge-contract §4', () => {
    const payload = Buffer.from(JSON.stringify({ requestId: 'req-1', slot: 2, to: '10001', text: '查话费' }));
    const replyTo = { topic: 'app/replies', correlationData: Buffer.from('c1').toString('base64') };
    const { request, explicitId } = accepted(parseCommand(input('sendsms', payload, { replyTo }), NO_OVERRIDES));
    expect(request).toEqual({
      requestId: 'req-1', board: '498060912345', cmd: 'sendsms', positional: [2, '10001', '查话费'],
      ttlSec: 300, acceptedAt: NOW, origin: 'mqtt', replyTo,
    });
    expect(explicitId).toBe(true);
  });

  it('generates a requestId when none is given and says it was not the caller\'s', () => {
    const parsed = accepted(parseCommand(input('stat', '{}'), NO_OVERRIDES));
    expect(parsed.request.requestId).toMatch(UUID);
    expect(parsed.explicitId).toBe(false);
    expect(parsed.request).not.toHaveProperty('replyTo');
  });

  it('accepts an empty payload as a command without parameters', () => {
    const { request } = accepted(parseCommand(input('restart', Buffer.alloc(0)), NO_OVERRIDES));
    expect(request.cmd).toBe('restart');
    expect(request.positional).toEqual([]);
    expect(request.ttlSec).toBe(0);
  });

  it('accepts an already parsed object (the HTTP body) and coerces numeric strings', () => {
    const parsed = parseCommand(input('sendsms', { slot: '1', to: '10086', text: 'hi' }, { origin: 'http' }), NO_OVERRIDES);
    const { request } = accepted(parsed);
    expect(request.positional).toEqual([1, '10086', 'hi']);
    expect(request.origin).toBe('http');
  });

  it('passes positional p1…pN of an unknown command through unchanged', () => {
    const { request } = accepted(parseCommand(input('slotpwr', '{"p1":2,"p2":"off"}'), NO_OVERRIDES));
    expect(request.cmd).toBe('slotpwr');
    expect(request.positional).toEqual([2, 'off']);
    expect(request.ttlSec).toBe(0);
  });

  describe('ttl', () => {
    it('defaults to the command table (sendsms 300, call control 0)', () => {
      expect(accepted(parseCommand(input('sendsms', '{"slot":1,"to":"1","text":"x"}'), NO_OVERRIDES)).request.ttlSec)
        .toBe(300);
      expect(accepted(parseCommand(input('telhangup', '{"slot":1}'), NO_OVERRIDES)).request.ttlSec).toBe(0);
    });

    it('prefers a COMMAND_TTL_SEC override, and the caller\'s ttl over both', () => {
      const defaults: CommandDefaults = { ttlSec: { sendsms: 45 } };
      const body = { slot: 1, to: '1', text: 'x' };
      expect(accepted(parseCommand(input('sendsms', body), defaults)).request.ttlSec).toBe(45);
      expect(accepted(parseCommand(input('SENDSMS', body), defaults)).request.ttlSec).toBe(45);
      expect(accepted(parseCommand(input('sendsms', { ...body, ttl: 0 }), defaults)).request.ttlSec).toBe(0);
      expect(accepted(parseCommand(input('sendsms', { ...body, ttl: 7 }), defaults)).request.ttlSec).toBe(7);
    });

    it.each([[-1], [1.5], ['10'], [7 * 24 * 3600 + 1], [null]])('rejects ttl %p', (ttl) => {
      const r = rejected(parseCommand(input('stat', { requestId: 'r', ttl }), NO_OVERRIDES));
      expect(r.reason).toBe('invalid');
      expect(r.requestId).toBe('r');
      expect(r.message).toMatch(/^ttl must be an integer/);
    });
  });

  describe('rejections', () => {
    it('refuses a retained publication even when the command is valid, keeping the requestId', () => {
      const payload = JSON.stringify({ requestId: 'keep-me', slot: 1, to: '1', text: 'x' });
      const r = rejected(parseCommand(input('sendsms', payload, { retained: true }), NO_OVERRIDES));
      expect(r).toMatchObject({ requestId: 'keep-me', cmd: 'sendsms', reason: 'retained' });
    });

    it.each([
      ['not JSON', '{slot:1', 'payload is not valid JSON'],
      ['a JSON array', '[1,2]', 'payload must be a JSON object'],
      ['JSON null', 'null', 'payload must be a JSON object'],
      ['a JSON string', '"stat"', 'payload must be a JSON object'],
    ])('rejects a payload that is %s', (_what, payload, message) => {
      const r = rejected(parseCommand(input('stat', payload), NO_OVERRIDES));
      expect(r.reason).toBe('invalid');
      expect(r.message).toBe(message);
      expect(r.requestId).toMatch(UUID);
    });

    it('rejects a payload larger than MAX_COMMAND_BYTES without parsing it', () => {
      const big = JSON.stringify({ slot: 1, to: '1', text: 'x'.repeat(MAX_COMMAND_BYTES) });
      const r = rejected(parseCommand(input('sendsms', Buffer.from(big)), NO_OVERRIDES));
      expect(r.message).toBe(`payload larger than ${MAX_COMMAND_BYTES} bytes`);
    });

    it('lists every parameter problem at once, with the issues as data', () => {
      const r = rejected(parseCommand(input('sendsms', { requestId: 'r2', slot: 3, ttl: -5 }), NO_OVERRIDES));
      expect(r.reason).toBe('invalid');
      expect(r.requestId).toBe('r2');
      const params = (r.data?.issues as { param: string }[]).map((i) => i.param);
      expect(params).toEqual(expect.arrayContaining(['slot', 'to', 'text', 'ttl']));
      expect(r.message.split('; ')).toHaveLength(params.length);
    });

    it('rejects a malformed requestId and answers under a generated one', () => {
      const r = rejected(parseCommand(input('stat', { requestId: 'has space' }), NO_OVERRIDES));
      expect(r.requestId).toMatch(UUID);
      expect(r.message).toContain('requestId must be 1–128 printable ASCII');
    });

    it('refuses a tid chosen by the caller: the bridge owns it', () => {
      const r = rejected(parseCommand(input('stat', { tid: '123' }), NO_OVERRIDES));
      expect(r.message).toContain('tid is set by the bridge');
    });

    it('refuses named parameters for an unknown command and a malformed command name', () => {
      expect(rejected(parseCommand(input('slotpwr', { slot: 1 }), NO_OVERRIDES)).message)
        .toContain('unknown command');
      expect(rejected(parseCommand(input('bad name!', '{}'), NO_OVERRIDES)).reason).toBe('invalid');
    });
  });
});
