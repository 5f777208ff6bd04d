import { CommandValidationError, type ParamIssue } from '../errors';
import { validateCommand } from './validate-command';

/** The issues validateCommand reports for this input (fails the test if it does not throw). */
function issuesOf(cmd: string, params: unknown): readonly ParamIssue[] {
  try {
    validateCommand(cmd, params as Record<string, unknown>);
  } catch (err) {
    expect(err).toBeInstanceOf(CommandValidationError);
    return (err as CommandValidationError).issues;
  }
  throw new Error(`expected ${cmd} to be rejected`);
}

const params = (...names: string[]) => names.sort();
const paramsOf = (issues: readonly ParamIssue[]) => issues.map((i) => i.param).sort();

describe('validateCommand: valid input', () => {
  it('coerces numeric strings for integer parameters ("2" → 2)', () => {
    const v = validateCommand('sendsms', { slot: '2', to: '10001', text: '查话费' });
    expect(v).toEqual({
      cmd: 'sendsms', known: true, positional: [2, '10001', '查话费'], named: { slot: 2, to: '10001', text: '查话费' },
    });
  });

  it('coerces numeric strings for numeric enums', () => {
    expect(validateCommand('querytel', { offset: '1', limit: '3', callType: '2' }).positional).toEqual([1, 3, 2]);
  });

  it('fills documented defaults into named, and into positional only where a later one is given', () => {
    const v = validateCommand('telkeypress', { slot: 1, keys: '123#', gapMs: 50 });
    expect(v.positional).toEqual([1, '123#', 200, 50]);
    expect(v.named).toEqual({ slot: 1, keys: '123#', toneMs: 200, gapMs: 50 });
    const short = validateCommand('teldial', { slot: 1, number: '10086' });
    expect(short.positional).toEqual([1, '10086']);
    expect(short.named).toEqual({ slot: 1, number: '10086', maxSeconds: 175 });
  });

  it('accepts a command with no parameters and an empty object', () => {
    expect(validateCommand('stat', {})).toEqual({ cmd: 'stat', known: true, positional: [], named: {} });
    expect(validateCommand('now', {}).named).toEqual({ autoSync: 15, timeZone: 8 });
  });

  it('matches known names ignoring case and sends the board spelling', () => {
    expect(validateCommand('dailyOTA', { hour: 3 })).toMatchObject({ cmd: 'dailyota', known: true, positional: [3] });
  });

  it('passes positional p1..pN of an unknown command through unchanged', () => {
    const v = validateCommand('telstartrecord', { p1: 1, p2: '60', p3: 'rec.amr', p4: 1.5 });
    expect(v).toEqual({
      cmd: 'telstartrecord', known: false, positional: [1, '60', 'rec.amr', 1.5],
      named: { p1: 1, p2: '60', p3: 'rec.amr', p4: 1.5 },
    });
  });

  it('passes positional parameters of a known command through unchanged (no coercion)', () => {
    const v = validateCommand('sendsms', { p1: '2', p2: '10001', p3: 'hi' });
    expect(v.positional).toEqual(['2', '10001', 'hi']);
    expect(v.named).toEqual({ slot: '2', to: '10001', text: 'hi' });
  });

  it('accepts named and positional for different positions, and extra positions past the table', () => {
    expect(validateCommand('sendsms', { slot: 1, p2: '10001', text: 'x' }).positional).toEqual([1, '10001', 'x']);
    // [3P] v137 restart takes a delay: a known command with an extra positional parameter.
    const v = validateCommand('restart', { p1: 5 });
    expect(v.positional).toEqual([5]);
    expect(v.named).toEqual({ p1: 5 });
  });

  it('accepts an empty simcfu target (cancel forwarding) and an empty WiFi password (open network)', () => {
    expect(validateCommand('simcfu', { slot: 1, target: '' }).positional).toEqual([1, '']);
    expect(validateCommand('addwf', { ssid: '咖啡', password: '' }).positional).toEqual(['咖啡', '']);
  });
});

describe('validateCommand: each kind of invalid parameter names the parameter', () => {
  it.each<[string, string, Record<string, unknown>, string, RegExp]>([
    ['missing required', 'sendsms', { slot: 1, to: '10001' }, 'text', /is required/],
    ['string for a number', 'sendsms', { slot: 'two', to: '1', text: 'x' }, 'slot', /must be an integer/],
    ['boolean for a number', 'slotrst', { slot: true }, 'slot', /got a boolean/],
    ['object for a number', 'slotrst', { slot: { n: 1 } }, 'slot', /got an object/],
    ['array for a string', 'sendsms', { slot: 1, to: ['1'], text: 'x' }, 'to', /must be a string, got an array/],
    ['number for a string', 'sendsms', { slot: 1, to: 10001, text: 'x' }, 'to', /must be a string, got a number/],
    ['null', 'wf', { state: null }, 'state', /got null/],
    ['non-integral', 'slotoff', { slot: 1.5 }, 'slot', /whole number/],
    ['non-integral string', 'slotoff', { slot: '1.0' }, 'slot', /must be an integer/],
    ['out of range', 'sendsms', { slot: 3, to: '1', text: 'x' }, 'slot', /between 1 and 2/],
    ['below the minimum', 'pingsec', { seconds: 9 }, 'seconds', /between 10 and 3600/],
    ['huge number', 'dailyrst', { hour: 1e308 }, 'hour', /between 0 and 99/],
    ['too long', 'sendsms', { slot: 1, to: '1', text: 'x'.repeat(1001) }, 'text', /at most 1000 characters/],
    ['too short', 'chpwduser', { password: 'abc' }, 'password', /at least 4 characters/],
    ['empty', 'sendsms', { slot: 1, to: '1', text: '' }, 'text', /must not be empty/],
    ['too many bytes', 'addwf', { ssid: '无线网络'.repeat(3), password: 'x' }, 'ssid', /32 bytes/],
    ['bad pattern', 'sendsms', { slot: 1, to: '+86 138', text: 'x' }, 'to', /invalid format/],
    ['bad DTMF key', 'telkeypress', { slot: 1, keys: '12x' }, 'keys', /invalid format/],
    ['impossible date', 'now', { time: '20221330184700' }, 'time', /invalid format/],
    ['not in the enum', 'wf', { state: 'ON' }, 'state', /one of on, off/],
    ['not in a numeric enum', 'now', { autoSync: 5 }, 'autoSync', /one of 0, 15/],
    ['NUL byte', 'sendsms', { slot: 1, to: '1', text: 'a\u0000b' }, 'text', /NUL/],
    ['unknown name', 'sendsms', { slot: 1, to: '1', text: 'x', sim: 1 }, 'sim', /unknown parameter; sendsms takes slot, to, text/],
    ['parameter of a command without any', 'stat', { verbose: 1 }, 'verbose', /stat takes none/],
    ['reserved tid', 'stat', { tid: '1' }, 'tid', /set by the bridge/],
    ['mixed named and positional', 'sendsms', { slot: 1, p1: 2, to: '1', text: 'x' }, 'slot', /both by name and as p1/],
    ['gap before a later parameter', 'teldial', { slot: 1, number: '1', tts: 'hi', afterTts: 1 }, 'ttsRepeat',
      /because afterTts is given/],
    ['positional index too high', 'foo', { p33: 1 }, 'p33', /up to p32/],
    ['positional of a wrong type', 'foo', { p1: { a: 1 } }, 'p1', /string or a number/],
    ['positional NaN', 'foo', { p1: NaN }, 'p1', /finite/],
    ['positional gap', 'foo', { p1: 1, p3: 3 }, 'p2', /because p3 is given/],
    ['named for an unknown command', 'foo', { slot: 1 }, 'slot', /only p1…pN/],
    ['p0 is not positional', 'foo', { p0: 1 }, 'p0', /only p1…pN/],
  ])('%s', (_kind, cmd, input, param, message) => {
    const issues = issuesOf(cmd, input);
    const issue = issues.find((i) => i.param === param);
    expect(issue?.message).toMatch(message);
  });

  it.each([['1abc'], ['send-sms'], ['a'.repeat(33)], [''], ['s\u0000']])('rejects the command name %j', (cmd) => {
    expect(issuesOf(cmd, {})).toEqual([{ param: 'cmd', message: expect.stringMatching(/letter/) }]);
  });

  it('rejects a command name that is not a string', () => {
    expect(paramsOf(issuesOf(42 as unknown as string, {}))).toEqual(['cmd']);
  });

  it('rejects params that are not an object', () => {
    for (const bad of [null, [1, 2], 'slot=1', 7]) expect(paramsOf(issuesOf('sendsms', bad))).toEqual(['params']);
  });
});

describe('validateCommand: every problem at once', () => {
  it('reports all issues of one command in one error', () => {
    const issues = issuesOf('sendsms', { slot: 3, to: 'x', sim: 1 });
    expect(paramsOf(issues)).toEqual(params('slot', 'to', 'text', 'sim'));
  });

  it('reports a bad name together with bad parameters', () => {
    expect(paramsOf(issuesOf('9x', { slot: 1, p2: {} }))).toEqual(params('cmd', 'slot', 'p2'));
  });

  it('reports one issue per parameter (mixed wins over the value check)', () => {
    const issues = issuesOf('teldial', { slot: 9, p1: 1, number: '1' });
    expect(issues).toEqual([{ param: 'slot', message: 'given both by name and as p1' }]);
  });

  it('says which command in the error message', () => {
    expect(() => validateCommand('wf', { state: 'maybe' })).toThrow('invalid wf command: state: must be one of on, off');
  });
});

describe('validateCommand: hostile input only ever yields CommandValidationError', () => {
  it('keeps a __proto__ key an ordinary unknown parameter', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":1},"slot":1}') as Record<string, unknown>;
    expect(paramsOf(issuesOf('slotrst', hostile))).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a 1 MB string without echoing it', () => {
    const huge = 'x'.repeat(1 << 20);
    const issues = issuesOf('sendsms', { slot: 1, to: '1', text: huge, p4: huge });
    expect(paramsOf(issues)).toEqual(params('text', 'p4'));
    expect(JSON.stringify(issues).length).toBeLessThan(300);
  });

  it('shortens a hostile parameter name in the issue', () => {
    const key = `k${'\u0001'.repeat(100)}`;
    const [issue] = issuesOf('sendsms', { slot: 1, to: '1', text: 'x', [key]: 1 });
    expect(issue.param.length).toBeLessThanOrEqual(41);
    expect(issue.param).not.toMatch(/\u0001/);
  });

  it('reports an oversized parameter object once', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(issuesOf('stat', many)).toEqual([{ param: 'params', message: 'too many parameters (at most 64)' }]);
  });

  it('rejects BigInt, Infinity and functions as values', () => {
    const issues = issuesOf('sendsms', { slot: BigInt(1), to: () => '1', text: 'x', p4: Infinity });
    expect(paramsOf(issues)).toEqual(params('slot', 'to', 'p4'));
  });
});
