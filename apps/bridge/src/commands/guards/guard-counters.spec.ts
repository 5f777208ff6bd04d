import { DayClock } from './day-clock';
import { counterChecks, GuardKeys, windowAt } from './guard-counters';

const clock = new DayClock(8);
const keys = new GuardKeys('bb:');
const now = Date.parse('2026-05-01T10:00:30Z');
const limits = { board: { perMinute: 10, perHour: 100, perDay: 400 }, sim: { perMinute: 6, perDay: 200 } };

describe('counterChecks', () => {
  it('lists daily budgets first, then hours, then minutes; SIM before board', () => {
    const checks = counterChecks({ board: '4980', cmd: 'sendsms', slot: 2 }, limits, now, clock, keys);
    expect(checks.map((c) => `${c.scope}-${c.window}:${c.max}`))
      .toEqual(['sim-day:200', 'board-day:400', 'board-hour:100', 'sim-minute:6', 'board-minute:10']);
  });

  it('keys every counter of a board under one hash tag, per command, scope and window', () => {
    const checks = counterChecks({ board: '4980', cmd: 'sendsms', slot: 2 }, limits, now, clock, keys);
    expect(checks.map((c) => c.key)).toEqual([
      'bb:guard:{4980}:sendsms:s2:d2026-05-01',
      'bb:guard:{4980}:sendsms:b:d2026-05-01',
      `bb:guard:{4980}:sendsms:b:h${Math.floor(now / 3_600_000)}`,
      `bb:guard:{4980}:sendsms:s2:m${Math.floor(now / 60_000)}`,
      `bb:guard:{4980}:sendsms:b:m${Math.floor(now / 60_000)}`,
    ]);
    expect(keys.reservation('4980', 'r1')).toBe('bb:guard:{4980}:res:r1');
  });

  it('skips the SIM scope for a command without a slot, and windows without a limit', () => {
    const checks = counterChecks({ board: '4980', cmd: 'x' }, { board: { perHour: 3 }, sim: { perDay: 1 } }, now, clock, keys);
    expect(checks.map((c) => `${c.scope}-${c.window}`)).toEqual(['board-hour']);
    expect(counterChecks({ board: 'b', cmd: 'x', slot: 1 }, { board: {}, sim: {} }, now, clock, keys)).toEqual([]);
  });

  it('keeps each counter for the rest of its window plus a minute of slack', () => {
    const [day, , , minute] = counterChecks({ board: '4980', cmd: 'sendsms', slot: 1 }, limits, now, clock, keys);
    expect(day.resetsAt).toBe(Date.parse('2026-05-01T16:00:00Z'));
    expect(day.ttlMs).toBe(day.resetsAt - now + 60_000);
    expect(minute.resetsAt).toBe(Date.parse('2026-05-01T10:01:00Z'));
    expect(minute.ttlMs).toBe(30_000 + 60_000);
  });
});

describe('windowAt', () => {
  it('aligns minutes and hours to the clock and days to local midnight', () => {
    expect(windowAt('minute', Date.parse('2026-05-01T10:00:59.999Z'), clock).resetsAt).toBe(Date.parse('2026-05-01T10:01:00Z'));
    expect(windowAt('hour', Date.parse('2026-05-01T10:59:00Z'), clock).resetsAt).toBe(Date.parse('2026-05-01T11:00:00Z'));
    expect(windowAt('day', Date.parse('2026-05-01T16:00:00Z'), clock)).toEqual(
      { id: 'd2026-05-02', resetsAt: Date.parse('2026-05-02T16:00:00Z') });
  });
});
