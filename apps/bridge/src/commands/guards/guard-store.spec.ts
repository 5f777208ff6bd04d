import type { CounterCheck } from './guard-counters';
import { MemoryGuardStore } from './guard-store';

const check = (key: string, max: number, ttlMs = 60_000): CounterCheck =>
  ({ key, max, ttlMs, scope: 'board', window: 'minute', resetsAt: 0 });

describe('MemoryGuardStore', () => {
  let now = 0;
  const store = () => new MemoryGuardStore(() => now);
  beforeEach(() => { now = 1_000_000; });

  it('counts every counter of a command, or none when one is full (all-or-nothing)', async () => {
    const s = store();
    const checks = [check('day', 2, 86_400_000), check('minute', 1)];
    expect(await s.reserve(checks, { key: 'r1', ttlMs: 1000 })).toEqual({ ok: true });
    expect(await s.reserve(checks, { key: 'r2', ttlMs: 1000 })).toEqual({ ok: false, failed: checks[1] });
    now += 60_000;
    // The minute counter expired; the day counter still holds 1, not 2: the refused command counted nowhere.
    expect(await s.reserve(checks, { key: 'r3', ttlMs: 1000 })).toEqual({ ok: true });
    expect(await s.reserve([check('day', 2, 86_400_000)], { key: 'r4', ttlMs: 1000 })).toMatchObject({ ok: false });
  });

  it('a limit of 0 refuses everything', async () => {
    expect(await store().reserve([check('k', 0)], { key: 'r', ttlMs: 1 })).toMatchObject({ ok: false });
  });

  it('refunds a reservation once, and not after it was settled', async () => {
    const s = store();
    const checks = [check('day', 1)];
    await s.reserve(checks, { key: 'r1', ttlMs: 10_000 });
    expect(await s.refund('r1')).toBe(true);
    expect(await s.refund('r1')).toBe(false);
    expect(await s.reserve(checks, { key: 'r2', ttlMs: 10_000 })).toEqual({ ok: true });
    await s.settle('r2');
    expect(await s.refund('r2')).toBe(false);
    expect(await s.reserve(checks, { key: 'r3', ttlMs: 10_000 })).toMatchObject({ ok: false });
  });

  it('forgets expired reservations (no refund) and sweeps expired counters', async () => {
    const s = store();
    await s.reserve([check('k', 5, 1000)], { key: 'r1', ttlMs: 2000 });
    now += 2000;
    expect(await s.refund('r1')).toBe(false);
    now += 60_000;
    await s.reserve([], { key: 'r2', ttlMs: 1 });
    expect(s.size).toBe(1);
  });
});
