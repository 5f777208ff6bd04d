import { CommandValidationError } from '../errors';
import { toCtrlQuery, toNamed, toTcpCommand } from './build-command';
import { commandNames, getCommandSpec } from './command-table';
import { validateCommand, type ValidatedCommand } from './validate-command';
import { COMMAND_EXAMPLES } from '../testing/command-examples';

const TOKEN = '3f4bffa77257d243875d0a5a80635934'; // §1.5 [VERIFIED] md5("admin|admin")

const EXAMPLES = COMMAND_EXAMPLES;

const tcpOf = (cmd: string, named: Record<string, unknown>, tid?: string) => toTcpCommand(validateCommand(cmd, named), tid);

describe('toTcpCommand: every §3.2 command from named parameters', () => {
  it('has an example for every command in the table', () => {
    expect(EXAMPLES.map(([cmd]) => cmd)).toEqual(commandNames());
  });

  it.each(EXAMPLES)('%s', (cmd, named, tid, frame) => {
    expect(tcpOf(cmd, named, tid)).toStrictEqual(frame);
  });

  it('keeps the key order cmd, p1..pN, tid and numbers as numbers (§3.1)', () => {
    const frame = tcpOf('sendsms', { slot: '2', to: '10001', text: 'x' }, '9');
    expect(JSON.stringify(frame)).toBe('{"cmd":"sendsms","p1":2,"p2":"10001","p3":"x","tid":"9"}');
  });

  it('refuses to build stat, now or sendsms without a tid (§3.1)', () => {
    for (const [cmd, named] of [['stat', {}], ['now', {}], ['sendsms', { slot: 1, to: '1', text: 'x' }]] as const) {
      expect(() => tcpOf(cmd, named)).toThrow(CommandValidationError);
    }
    expect(tcpOf('telhangup', { slot: 1 })).toEqual({ cmd: 'telhangup', p1: 1 });
  });

  it('rejects a malformed tid, naming it', () => {
    const v = validateCommand('stat', {});
    for (const tid of ['', 'a b', 'x'.repeat(65), 'a&b=c']) {
      expect(() => toTcpCommand(v, tid)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ param: 'tid' })] }));
    }
  });

  it('leaves out holes and trailing undefined values of a hand-built command', () => {
    const v = { cmd: 'foo', known: false, positional: [1, undefined, 'c', undefined], named: {} } as unknown as ValidatedCommand;
    expect(toTcpCommand(v, 'x')).toStrictEqual({ cmd: 'foo', p1: 1, p3: 'c', tid: 'x' });
  });

  it('sends an unknown command positional as given', () => {
    expect(tcpOf('ping', {}, 'p')).toStrictEqual({ cmd: 'ping', tid: 'p' });
    expect(tcpOf('wftxdbm', { p1: 'on', p2: 80 })).toStrictEqual({ cmd: 'wftxdbm', p1: 'on', p2: 80 });
  });
});

describe('toCtrlQuery (§1.5)', () => {
  it('builds the vendor sendsms example with every value a string', () => {
    const v = validateCommand('sendsms', { slot: 2, to: '10001', text: '查话费' });
    const query = toCtrlQuery(v, { token: TOKEN, tid: '1647344840' });
    expect(query).toStrictEqual({ token: TOKEN, cmd: 'sendsms', p1: '2', p2: '10001', p3: '查话费', tid: '1647344840' });
    expect(new URLSearchParams(query).toString()).toBe(
      `token=${TOKEN}&cmd=sendsms&p1=2&p2=10001&p3=%E6%9F%A5%E8%AF%9D%E8%B4%B9&tid=1647344840`);
  });

  it('needs a tid over HTTP for sendsms only, not for stat or now', () => {
    expect(toCtrlQuery(validateCommand('stat', {}), { token: TOKEN })).toStrictEqual({ token: TOKEN, cmd: 'stat' });
    expect(toCtrlQuery(validateCommand('now', { time: '20220330184700' }), { token: TOKEN }))
      .toStrictEqual({ token: TOKEN, cmd: 'now', p1: '20220330184700' });
    const sms = validateCommand('sendsms', { slot: 1, to: '1', text: 'x' });
    expect(() => toCtrlQuery(sms, { token: TOKEN })).toThrow(/tid: is required/);
  });

  it('rejects a token that is not 32 hex digits, together with a bad tid', () => {
    const v = validateCommand('stat', {});
    try {
      toCtrlQuery(v, { token: 'admin', tid: 'a b' });
      throw new Error('expected a CommandValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(CommandValidationError);
      expect((err as CommandValidationError).issues.map((i) => i.param)).toEqual(['tid', 'token']);
    }
  });
});

describe('toNamed and round trips', () => {
  it.each(EXAMPLES)('%s: named → positional → named is the identity', (cmd, named) => {
    const v = validateCommand(cmd, named);
    expect(toNamed(v.cmd, v.positional)).toStrictEqual(v.named);
    // What the caller gave comes back exactly; parameters left out show their documented default.
    expect(v.named).toStrictEqual({ ...defaultsOf(cmd), ...named });
  });

  it('keeps pN keys for values past the table and for unknown commands', () => {
    expect(toNamed('slotrst', [1, 30])).toStrictEqual({ slot: 1, p2: 30 });
    expect(toNamed('telamrplay', [1, 'hello.amr'])).toStrictEqual({ p1: 1, p2: 'hello.amr' });
  });

  it('shows the defaults the board will use for values that were not sent', () => {
    expect(toNamed('teltts', [1, 'hi'])).toStrictEqual({ slot: 1, tts: 'hi', ttsRepeat: 0 });
  });
});

/** Documented defaults of a command, straight from the table. */
function defaultsOf(cmd: string): Record<string, unknown> {
  const params = getCommandSpec(cmd)?.params ?? [];
  return Object.fromEntries(params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
}
