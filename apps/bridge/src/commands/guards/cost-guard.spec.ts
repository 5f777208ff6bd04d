import pino from 'pino';
import { Registry } from 'prom-client';
import { RoutingUnavailableError } from '../../routing/routing-ports';
import type { GuardsFile } from '../../config/guards-schema';
import type { CommandReply, CommandRequest } from '../command-types';
import { CostGuard } from './cost-guard';
import { DayClock } from './day-clock';
import { GuardKeys } from './guard-counters';
import { GuardMetrics } from './guard-metrics';
import { GuardPolicy } from './guard-policy';
import { type GuardStore, MemoryGuardStore } from './guard-store';

let now = Date.parse('2026-05-01T10:00:00Z');
let seq = 0;

function setup(file: GuardsFile = {}, store: GuardStore = new MemoryGuardStore(() => now)) {
  const policy = new GuardPolicy(file, 8);
  const metrics = new GuardMetrics(new Registry());
  const guard = new CostGuard({ policy, store, metrics, keys: new GuardKeys('t:'), clock: new DayClock(policy.timeZone),
    log: pino({ level: 'silent' }), now: () => now });
  return { guard, metrics };
}

const sms = (slot: number, to = '13812345678', board = '4980'): CommandRequest => ({ requestId: `r${++seq}`, board,
  cmd: 'sendsms', positional: [slot, to, 'hi'], ttlSec: 300, acceptedAt: now, origin: 'mqtt' });
const reply = (r: CommandRequest, status: CommandReply['status'], reason?: CommandReply['reason']): CommandReply =>
  ({ requestId: r.requestId, cmd: r.cmd, status, final: status !== 'sent', instance: 'i', at: '', ...(reason ? { reason } : {}) });
const flush = () => new Promise((r) => setImmediate(r));

async function admitMany(guard: CostGuard, make: () => CommandRequest, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await guard.admit(make()));
  return out;
}

describe('CostGuard limits', () => {
  beforeEach(() => { now = Date.parse('2026-05-01T10:00:00Z'); });

  it('per SIM: the 7th SMS of a minute on slot 1 is refused, slot 2 is not, the next minute is free again', async () => {
    const { guard, metrics } = setup();
    expect((await admitMany(guard, () => sms(1), 6)).every((v) => v.ok)).toBe(true);
    const refused = await guard.admit(sms(1));
    expect(refused).toMatchObject({ ok: false, status: 'rejected', reason: 'rate-limited',
      data: { rule: 'sim-minute', scope: 'sim', slot: 1, window: 'minute', limit: 6, retryAfterSec: 60 } });
    expect(await guard.admit(sms(2))).toEqual({ ok: true });
    now += 60_000;
    expect(await guard.admit(sms(1))).toEqual({ ok: true });
    expect((await metrics.refusals.get()).values).toEqual([
      expect.objectContaining({ value: 1, labels: { cmd: 'sendsms', reason: 'rate-limited', rule: 'sim-minute' } })]);
  });

  it('per board: counts both slots together', async () => {
    const { guard } = setup({ limits: { sendsms: { board: { perMinute: 3 } } } });
    await admitMany(guard, () => sms(1), 2);
    expect(await guard.admit(sms(2))).toEqual({ ok: true });
    expect(await guard.admit(sms(2))).toMatchObject({ ok: false, reason: 'rate-limited', data: { rule: 'board-minute' } });
    expect(await guard.admit(sms(1, '13812345678', 'other'))).toEqual({ ok: true });
  });

  it('daily budget: used up until local midnight (16:00 UTC for UTC+8), then starts again', async () => {
    const { guard } = setup({ limits: { sendsms: { sim: { perDay: 2, perMinute: null, perHour: null } } } });
    await admitMany(guard, () => sms(1), 2);
    now = Date.parse('2026-05-01T15:59:59Z');
    expect(await guard.admit(sms(1))).toMatchObject({ ok: false, reason: 'budget-exhausted',
      data: { rule: 'sim-day', limit: 2, resetsAt: '2026-05-01T16:00:00.000Z', retryAfterSec: 1 } });
    now = Date.parse('2026-05-01T16:00:00Z');
    expect(await guard.admit(sms(1))).toEqual({ ok: true });
  });

  it('reports the daily budget before a rate limit when both are full', async () => {
    const { guard } = setup({ limits: { sendsms: { sim: { perDay: 1, perMinute: 1 } } } });
    await guard.admit(sms(1));
    expect(await guard.admit(sms(1))).toMatchObject({ reason: 'budget-exhausted' });
  });
});

describe('CostGuard destinations and scope', () => {
  it('refuses a premium destination without counting it', async () => {
    const { guard } = setup({ limits: { sendsms: { sim: { perDay: 1 } } } });
    expect(await guard.admit(sms(1, '10658000'))).toMatchObject({ ok: false, reason: 'destination-denied',
      data: { rule: 'premium', pattern: '^106' } });
    expect(await guard.admit(sms(1))).toEqual({ ok: true });
  });

  it('checks teldial numbers too, and leaves unguarded commands and disabled boards alone', async () => {
    const { guard } = setup({ boards: { lab: { enabled: false } } });
    const dial = { ...sms(1), cmd: 'teldial', positional: [1, '12590123'] };
    expect(await guard.admit(dial)).toMatchObject({ ok: false, data: { rule: 'premium' } });
    expect(await guard.admit({ ...sms(1), cmd: 'stat', positional: [] })).toEqual({ ok: true });
    expect(await guard.admit(sms(1, '10658000', 'lab'))).toEqual({ ok: true });
  });

  it('fails (routing-unavailable) when the shared counters are unreachable under whenSharedStateDown: refuse', async () => {
    const broken: GuardStore = { reserve: () => Promise.reject(new RoutingUnavailableError('redis down')),
      settle: async () => undefined, refund: async () => false };
    expect(await setup({}, broken).guard.admit(sms(1))).toMatchObject({ ok: false, status: 'failed',
      reason: 'routing-unavailable' });
  });
});

describe('CostGuard refunds', () => {
  const once = { limits: { sendsms: { sim: { perDay: 1 } } } };

  it.each([
    ['expired', undefined],
    ['failed', 'offline'],
    ['failed', 'routing-unavailable'],
  ] as const)('gives the count back when the command ends %s (%s) without being sent', async (status, reason) => {
    const { guard, metrics } = setup(once);
    const first = sms(1);
    await guard.admit(first);
    guard.onReply('4980', reply(first, status, reason));
    await flush();
    expect(await guard.admit(sms(1))).toEqual({ ok: true });
    expect((await metrics.refunds.get()).values[0].value).toBe(1);
  });

  it('keeps the count once the command was sent, whatever happens next', async () => {
    const { guard } = setup(once);
    const first = sms(1);
    await guard.admit(first);
    guard.onReply('4980', reply(first, 'sent'));
    guard.onReply('4980', reply(first, 'failed', 'offline'));
    await flush();
    expect(await guard.admit(sms(1))).toMatchObject({ ok: false, reason: 'budget-exhausted' });
  });

  it('does not refund a board failure or a timeout (the board may have sent it)', async () => {
    const { guard } = setup(once);
    const first = sms(1);
    await guard.admit(first);
    guard.onReply('4980', reply(first, 'failed', 'timeout'));
    await flush();
    expect(await guard.admit(sms(1))).toMatchObject({ ok: false });
  });
});
