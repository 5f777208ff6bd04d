import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { adminToken, validateCommand } from '@board-bridge/board-protocol';
import {
  CtrlClient, CtrlProtocolError, CtrlRejectedError, CtrlUnavailableError, ctrlTarget, type CtrlOutcome,
} from '../apps/bridge/src/ctrl';
import { blackholePort, FakeBoardCtrl, STAT_REPLY, type CtrlScript } from './helpers/fake-board-ctrl';

/** A non-default password, so the token is not the well-known one of §1.5. */
const PASSWORD = 'secret-密码';
const TOKEN = adminToken(PASSWORD);
const TIMEOUT_MS = 400;
const SMS_TEXT = '查话费 余额+1';
const SMS_TEXT_ENCODED = '%E6%9F%A5%E8%AF%9D%E8%B4%B9%20%E4%BD%99%E9%A2%9D%2B1';

let board: FakeBoardCtrl;
let client: CtrlClient;
const fakes: FakeBoardCtrl[] = [];

async function startBoard(): Promise<FakeBoardCtrl> {
  const fake = await new FakeBoardCtrl({ token: TOKEN }).start();
  fakes.push(fake);
  return fake;
}

/** A loopback port nothing listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const command = (cmd: string, named: Record<string, unknown> = {}) => validateCommand(cmd, named);
const sms = () => command('sendsms', { slot: 2, to: '10001', text: SMS_TEXT });
const target = (url = board.url) => ({ url, token: TOKEN });

/** Replaces the test's client (the afterEach closes whichever is current). */
async function useClient(opts: ConstructorParameters<typeof CtrlClient>[0]): Promise<void> {
  await client.close();
  client = new CtrlClient(opts);
}

beforeEach(async () => {
  board = await startBoard();
  client = new CtrlClient({ timeoutMs: TIMEOUT_MS });
});

afterEach(async () => {
  await client.close();
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

describe('CtrlClient against a board /ctrl (board-protocol §1.5, §3.1)', () => {
  it('sends sendsms with Chinese text as percent-encoded UTF-8, and the tid', async () => {
    const outcome = await client.send(target(), sms(), 'sms-1');
    expect(outcome).toStrictEqual({ ok: true, code: 0, data: {} });
    expect(board.requests).toHaveLength(1);
    const [req] = board.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/ctrl' });
    expect(req.query).toStrictEqual({ token: TOKEN, cmd: 'sendsms', p1: '2', p2: '10001', p3: SMS_TEXT, tid: 'sms-1' });
    expect(req.rawQuery).toContain(`p3=${SMS_TEXT_ENCODED}&`);
  });

  it('reads {"code":0} as ok', async () => {
    await expect(client.send(target(), command('dailyrst', { hour: 4 }), 't1'))
      .resolves.toStrictEqual({ ok: true, code: 0, data: {} });
    expect(board.queries[0]).toStrictEqual({ token: TOKEN, cmd: 'dailyrst', p1: '4', tid: 't1' });
  });

  it('reads {"code":101,"msg":"Invalid arguments."} as not ok, with the message', async () => {
    board.script('sendsms', { answer: { kind: 'invalid-arguments' } });
    await expect(client.send(target(), sms(), 'sms-2'))
      .resolves.toStrictEqual({ ok: false, code: 101, message: 'Invalid arguments.', data: {} });
  });

  it('returns the stat object (no code, type 999) as data', async () => {
    const outcome = await client.send(target(), command('stat'));
    const { devId: _d, type: _t, netCh: _n, ...data } = STAT_REPLY;
    expect(outcome).toStrictEqual({ ok: true, code: null, data });
    expect(board.queries[0]).toStrictEqual({ token: TOKEN, cmd: 'stat' });
  });

  it('reads the empty 200 body of restart and now as ok (§3.1: no success reply)', async () => {
    const empty: CtrlOutcome = { ok: true, code: null, data: {} };
    await expect(client.send(target(), command('restart'))).resolves.toStrictEqual(empty);
    await expect(client.send(target(), command('now', { time: '20220330184700' }))).resolves.toStrictEqual(empty);
    expect(board.queries.map((q) => q.cmd)).toEqual(['restart', 'now']);
  });

  it('takes the token from the registry entry: token as given, else md5("admin|" + password)', async () => {
    await client.send(ctrlTarget({ url: board.url, password: PASSWORD }), command('stat'));
    await client.send(ctrlTarget({ url: board.url, token: TOKEN, password: 'ignored' }), command('stat'));
    expect(board.queries.map((q) => q.token)).toEqual([TOKEN, TOKEN]);
  });
});

describe('CtrlClient failures', () => {
  // The board's answer to a wrong token is UNKNOWN (§1.5, §6 unknown 8); the fake answers 401.
  it('wrong token (UNKNOWN board behaviour, fake answers 401): CtrlRejectedError, not retryable', async () => {
    const err = await client.send({ url: board.url, token: adminToken('wrong') }, command('stat')).catch((e) => e);
    expect(err).toBeInstanceOf(CtrlRejectedError);
    expect(err).toMatchObject({ fault: 'bad-input', retryable: false, status: 401, cmd: 'stat' });
    expect(board.requests).toHaveLength(1);
  });

  it('a board that does not answer: CtrlUnavailableError within about timeoutMs', async () => {
    board.script('stat', { delayMs: 5_000 });
    const started = Date.now();
    const err = await client.send(target(), command('stat')).catch((e) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(CtrlUnavailableError);
    expect(err).toMatchObject({ fault: 'unavailable', retryable: true, code: 'CTRL_DEADLINE' });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('a request queued behind a hung one fails within about timeoutMs too, and is never written', async () => {
    board.script('stat', { delayMs: 5_000 });
    const started = Date.now();
    const results = await Promise.allSettled([client.send(target(), command('stat')), client.send(target(), command('stat'))]);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 300);
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof CtrlUnavailableError)).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(board.requests).toHaveLength(1);
  });

  it('connection refused: CtrlUnavailableError', async () => {
    const err = await client.send(target(`http://127.0.0.1:${await closedPort()}`), command('stat')).catch((e) => e);
    expect(err).toBeInstanceOf(CtrlUnavailableError);
    expect(err).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });

  it('HTTP 500: CtrlUnavailableError; another 4xx (wrong path → 404): CtrlRejectedError', async () => {
    board.script('stat', { answer: { kind: 'status', status: 500 } });
    await expect(client.send(target(), command('stat'))).rejects.toMatchObject({ name: 'CtrlUnavailableError', status: 500 });
    const err = await client.send(target(`${board.url}/not-here/`), command('dailyrst', { hour: 4 })).catch((e) => e);
    expect(err).toBeInstanceOf(CtrlRejectedError);
    expect(err).toMatchObject({ status: 404, retryable: false });
    expect(board.requests.map((r) => r.path)).toEqual(['/ctrl', '/not-here/ctrl']);
  });

  it.each<[string, CtrlScript]>([
    ['an HTML page', { answer: { kind: 'raw', body: '<html>OK</html>' } }],
    ['a JSON array', { answer: { kind: 'json', body: [0] } }],
  ])('a 200 whose body is %s: CtrlProtocolError (the board\'s fault)', async (_what, script) => {
    board.script('stat', script);
    const err = await client.send(target(), command('stat')).catch((e) => e);
    expect(err).toBeInstanceOf(CtrlProtocolError);
    expect(err).toMatchObject({ fault: 'board', retryable: false });
  });

  it.each([false, true])('an oversize body (chunked: %s) is an error, and the client keeps working', async (chunked) => {
    board.script('stat', { answer: { kind: 'oversize', bytes: 300 * 1024, chunked } });
    await expect(client.send(target(), command('stat'))).rejects.toBeInstanceOf(CtrlProtocolError);
    await expect(client.send(target(), command('dailyrst', { hour: 4 }))).resolves.toMatchObject({ ok: true, code: 0 });
  });

  it('a dropped connection: CtrlUnavailableError', async () => {
    board.script('stat', { answer: { kind: 'drop' } });
    const err = await client.send(target(), command('stat')).catch((e) => e);
    expect(err).toBeInstanceOf(CtrlUnavailableError);
    expect(err.retryable).toBe(true);
  });

  it('refuses, before sending, a sendsms without tid, a malformed token and a URL with a query', async () => {
    await expect(client.send(target(), sms())).rejects.toThrow(/tid: is required/);
    await expect(client.send({ url: board.url, token: 'admin' }, command('stat'))).rejects.toBeInstanceOf(CtrlRejectedError);
    await expect(client.send(target(`${board.url}/?x=1`), command('stat'))).rejects.toBeInstanceOf(CtrlRejectedError);
    expect(board.requests).toHaveLength(0);
  });

  it('fails as unavailable after close()', async () => {
    await client.close();
    await expect(client.send(target(), command('stat'))).rejects.toBeInstanceOf(CtrlUnavailableError);
    expect(board.requests).toHaveLength(0);
  });
});

describe('CtrlClient privacy', () => {
  it.each<[string, CtrlScript | 'wrong-token']>([
    ['401', 'wrong-token'], ['timeout', { delayMs: 5_000 }], ['500', { answer: { kind: 'status', status: 500 } }],
    ['non-JSON', { answer: { kind: 'raw', body: `echo ${SMS_TEXT}` } }], ['drop', { answer: { kind: 'drop' } }],
  ])('never puts the token or the SMS text into a %s error', async (_what, script) => {
    if (script !== 'wrong-token') board.script('sendsms', script);
    const token = script === 'wrong-token' ? adminToken('wrong') : TOKEN;
    const err = await client.send({ url: board.url, token }, sms(), 'sms-9').catch((e) => e);
    const shown = `${inspect(err, { depth: 6 })} ${JSON.stringify(err)} ${err.message}`;
    for (const secret of [token, SMS_TEXT, SMS_TEXT_ENCODED, '10001']) expect(shown).not.toContain(secret);
    expect(err.url).toBe(`${board.url}/ctrl?token=***&cmd=sendsms&p1=***&p2=***&p3=***&tid=sms-9`);
  });
});

describe('CtrlClient URLs, ports and connections', () => {
  it.each(['', '/', '/ctrl', '/ctrl/'])('accepts the registry URL with "%s" after the authority', async (suffix) => {
    await expect(client.send(target(`${board.url}${suffix}`), command('stat'))).resolves.toMatchObject({ ok: true });
    expect(board.requests.map((r) => r.path)).toEqual(['/ctrl']);
  });

  it('reuses one keep-alive connection for several sends', async () => {
    for (let i = 0; i < 4; i++) await client.send(target(), command('dailyrst', { hour: i }), `k${i}`);
    expect(board.requests).toHaveLength(4);
    expect(board.connections).toBe(1);
  });

  it('without a port, falls back from the first default port (refused) and remembers the one that worked', async () => {
    const first = await closedPort();
    await useClient({ timeoutMs: TIMEOUT_MS, defaultPorts: [first, board.port] });
    await expect(client.send(target('http://127.0.0.1/'), command('stat'))).resolves.toMatchObject({ ok: true });
    // Now something listens on the first port: a remembered second port means it is never tried.
    let firstPortConnections = 0;
    const listener = createServer((s) => { firstPortConnections++; s.destroy(); });
    await new Promise<void>((resolve) => listener.listen(first, '127.0.0.1', resolve));
    try {
      await expect(client.send(target('http://127.0.0.1'), command('stat'))).resolves.toMatchObject({ ok: true });
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
    expect(firstPortConnections).toBe(0);
    expect(board.requests).toHaveLength(2);
  });

  it('without a port, falls back when the first default port never accepts a connection (connect timeout)', async () => {
    const hole = await blackholePort();
    try {
      await useClient({ timeoutMs: TIMEOUT_MS, defaultPorts: [hole.port, board.port] });
      const started = Date.now();
      await expect(client.send(target('http://127.0.0.1'), sms(), 'fb-1')).resolves.toMatchObject({ ok: true, code: 0 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(board.queries.map((q) => q.tid)).toEqual(['fb-1']);
      // Remembered: the next send goes straight to the working port.
      const again = Date.now();
      await client.send(target('http://127.0.0.1'), command('stat'));
      expect(Date.now() - again).toBeLessThan(TIMEOUT_MS);
    } finally {
      hole.close();
    }
  });

  it('uses an explicit port only, with no fallback', async () => {
    await useClient({ timeoutMs: TIMEOUT_MS, defaultPorts: [board.port] });
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(client.send(target(url), command('stat'))).rejects.toBeInstanceOf(CtrlUnavailableError);
    expect(board.requests).toHaveLength(0);
  });

  it('does not fall back once the request was written (a sendsms must not go out twice)', async () => {
    const slow = (await startBoard()).script('sendsms', { delayMs: 5_000 });
    await useClient({ timeoutMs: TIMEOUT_MS, defaultPorts: [slow.port, board.port] });
    await expect(client.send(target('http://127.0.0.1'), sms(), 'once')).rejects.toMatchObject({
      name: 'CtrlUnavailableError', code: 'CTRL_DEADLINE',
    });
    expect(slow.requests).toHaveLength(1);
    expect(board.requests).toHaveLength(0);
  });
});
