import Redis from 'ioredis';
import { CommandIntake } from '../apps/bridge/src/commands/command-intake';
import { DayClock } from '../apps/bridge/src/commands/guards/day-clock';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, sleep, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { testServices } from './setup/services';

const RATE = '498060977701';
const BUDGET = '498060977702';
const ALLOWLISTED = '498060977703';
const PLAIN = '498060977704';
const OFFLINE = '498060977705';
const SHARED = '498060977706';

/** Issue 6 "Commands that cost money" (docs/cost-guards.md): each board tests one rule of this file. */
const GUARDS_YAML = `
guards:
  destinations:
    deny: ["^95555$"]
  boards:
    "${RATE}":
      limits: { sendsms: { board: { perMinute: 3 }, sim: { perMinute: 2 } } }
    "${BUDGET}":
      limits: { sendsms: { sim: { perDay: 2 } } }
    "${ALLOWLISTED}":
      destinations: { allow: ["^1[3-9]\\\\d{9}$"] }
    "${OFFLINE}":
      limits: { sendsms: { sim: { perDay: 1 } } }
    "${SHARED}":
      limits: { sendsms: { sim: { perDay: 2 } } }
`;
const files = { 'boards.yaml': GUARDS_YAML };

/** Rate windows are aligned to the clock: start a minute-limit test well inside a minute. */
async function clearOfMinuteBoundary(marginMs = 10_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await sleep(left + 50);
}

async function onlineBoard(devId: string, tcpPort: number): Promise<FakeBoard> {
  const board = await handshaken(new FakeBoard({ devId, answer: realisticBoard }), tcpPort);
  return board;
}

describe('cost guards (one instance, embedded broker)', () => {
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let cmds: CommandClient;
  const boards: Record<string, FakeBoard> = {};

  beforeAll(async () => {
    t = await startTestBridge({ BOARDS_FILE: 'boards.yaml' }, files);
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/+/command/+/reply']);
    cmds = new CommandClient(probe);
    for (const id of [RATE, BUDGET, ALLOWLISTED, PLAIN]) boards[id] = await onlineBoard(id, t.tcpPort);
  });

  afterAll(async () => {
    Object.values(boards).forEach((b) => b.destroy());
    await probe.close();
    await t.close();
  });

  const sms = (board: string, slot: number, to = '13812345678', extra: Record<string, unknown> = {}) =>
    cmds.send(board, 'sendsms', { slot, to, text: 'guarded', ...extra });
  const final = async (requestId: string) => (await cmds.reply(requestId)).status;
  /** The board got exactly `n` sendsms frames (refused commands never reach it). */
  async function framesAt(board: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await boards[board].nextFrame((f) => f.cmd === 'sendsms');
    await expect(boards[board].nextFrame((f) => f.cmd === 'sendsms', 200)).rejects.toThrow(/no matching frame/);
  }

  it('rate limit per SIM, then per board; the refusal says which and when to retry', async () => {
    await clearOfMinuteBoundary();
    const before = await t.metric('bridge_command_guard_refusals_total', { reason: 'rate-limited' });
    expect(await final(await sms(RATE, 1))).toBe('completed');
    expect(await final(await sms(RATE, 1))).toBe('completed');
    const simRefusal = await cmds.reply(await sms(RATE, 1));
    expect(simRefusal).toMatchObject({ status: 'rejected', final: true, reason: 'rate-limited',
      data: { rule: 'sim-minute', scope: 'sim', slot: 1, limit: 2, retryAfterSec: expect.any(Number) } });
    expect(await final(await sms(RATE, 2))).toBe('completed');
    expect(await cmds.reply(await sms(RATE, 2))).toMatchObject({ status: 'rejected', reason: 'rate-limited',
      data: { rule: 'board-minute', scope: 'board', limit: 3 } });
    await framesAt(RATE, 3);
    expect(await t.metric('bridge_command_guard_refusals_total', { reason: 'rate-limited' })).toBe(before + 2);
    expect(await t.metric('bridge_commands_total', { status: 'rejected', reason: 'rate-limited' })).toBeGreaterThanOrEqual(2);
  });

  it('other boards and other commands are unaffected by a board that hit its limit', async () => {
    expect(await final(await sms(PLAIN, 1))).toBe('completed');
    await framesAt(PLAIN, 1);
    expect(await final(await cmds.send(RATE, 'stat'))).toBe('acknowledged');
  });

  it('daily budget per SIM: exhausted until local midnight, the other SIM keeps its own', async () => {
    expect(await final(await sms(BUDGET, 1))).toBe('completed');
    expect(await final(await sms(BUDGET, 1))).toBe('completed');
    const refused = await cmds.reply(await sms(BUDGET, 1));
    expect(refused).toMatchObject({ status: 'rejected', reason: 'budget-exhausted', data: { rule: 'sim-day', limit: 2 } });
    expect(Date.parse(refused.data?.resetsAt as string)).toBe(new DayClock(8).nextMidnight(Date.now()));
    expect(await final(await sms(BUDGET, 2))).toBe('completed');
    await framesAt(BUDGET, 3);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a denied destination', 'sendsms', { slot: 1, to: '95555', text: 'x' }, 'deny'],
    ['an SP number', 'sendsms', { slot: 1, to: '+8610658123', text: 'x' }, 'premium'],
    ['a voice information service', 'teldial', { slot: 1, number: '12590123' }, 'premium'],
    ['an international number', 'teldial', { slot: 2, number: '0012125551234' }, 'premium'],
    ['a number outside the board\'s allow list', 'sendsms', { slot: 1, to: '10001', text: 'x' }, 'not-in-allowlist'],
  ])('%s → rejected (destination-denied) and never sent', async (_what, cmd, params, rule) => {
    const board = rule === 'not-in-allowlist' ? ALLOWLISTED : PLAIN;
    const reply = await cmds.reply(await cmds.send(board, cmd, params));
    expect(reply).toMatchObject({ status: 'rejected', final: true, reason: 'destination-denied', data: { rule } });
    const to = params.to ?? params.number;
    await expect(boards[board].nextFrame((f) => f.p2 === to, 200)).rejects.toThrow(/no matching frame/);
  });

  it('an allow-listed destination passes, also under the requestId of a refused command (no duplicate)', async () => {
    const requestId = `allow-${process.pid}`;
    expect(await final(await sms(ALLOWLISTED, 1, '10001', { requestId }))).toBe('rejected');
    probe.clear();
    expect(await final(await sms(ALLOWLISTED, 1, '+8613912345678', { requestId }))).toBe('completed');
  });

  it('a command that expired without reaching its board gives its budget back', async () => {
    const first = await sms(OFFLINE, 1, '13812345678', { ttl: 1 });
    expect(await final(first)).toBe('expired');
    await sleep(100);
    const second = await sms(OFFLINE, 1, '13812345678', { ttl: 0 });
    expect(await cmds.reply(second)).toMatchObject({ status: 'failed', reason: 'offline' });
    expect(await t.metric('bridge_command_guard_refunds_total', { cmd: 'sendsms' })).toBeGreaterThanOrEqual(1);
  });
});

describe('cost guards shared through Redis by two instances', () => {
  const base = `cg${process.pid}`;
  const prefix = `${base}:`;
  const bridges: BridgeUnderTest[] = [];
  let board: FakeBoard;
  let redis: Redis;

  beforeAll(async () => {
    const env = { MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base, MQTT_SHARED_GROUP: base,
      REDIS_URL: testServices().redisUrl, REDIS_KEY_PREFIX: prefix, BOARDS_FILE: 'boards.yaml' };
    bridges.push(await startTestBridge(env, files), await startTestBridge(env, files));
    board = await onlineBoard(SHARED, bridges[1].tcpPort);
    redis = new Redis(testServices().redisUrl, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    board.destroy();
    redis.disconnect();
    await Promise.all(bridges.map((b) => b.close()));
  });

  const submit = (on: BridgeUnderTest, n: number) => on.bridge.app.get(CommandIntake).submit({ board: SHARED,
    cmd: 'sendsms', payload: { requestId: `shared-${n}`, slot: 1, to: '13812345678', text: `n${n}` }, origin: 'http',
    now: Date.now() });

  it('a SIM budget of 2 taken on instance A and instance B is used up for both', async () => {
    const [a, b] = bridges;
    expect((await submit(a, 1)).ok).toBe(true);
    expect((await submit(b, 2)).ok).toBe(true);
    for (const [on, n] of [[a, 3], [b, 4]] as const) {
      const refused = await submit(on, n);
      expect(refused.ok ? undefined : refused.rejection.reason).toBe('budget-exhausted');
    }
    const texts = [await board.nextFrame((f) => f.cmd === 'sendsms'), await board.nextFrame((f) => f.cmd === 'sendsms')]
      .map((f) => f.p3).sort();
    expect(texts).toEqual(['n1', 'n2']);
    await expect(board.nextFrame((f) => f.cmd === 'sendsms', 300)).rejects.toThrow(/no matching frame/);
    const day = new DayClock(8).day(Date.now());
    expect(await redis.get(`${prefix}guard:{${SHARED}}:sendsms:s1:d${day}`)).toBe('2');
  });
});
