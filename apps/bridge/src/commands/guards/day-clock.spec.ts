import { DayClock } from './day-clock';

const at = (iso: string) => Date.parse(iso);

describe('DayClock', () => {
  it('dates the day in a fixed offset: Beijing midnight is 16:00 UTC (board-protocol §5.2)', () => {
    const beijing = new DayClock(8);
    expect(beijing.day(at('2026-05-01T15:59:59.999Z'))).toBe('2026-05-01');
    expect(beijing.day(at('2026-05-01T16:00:00.000Z'))).toBe('2026-05-02');
    expect(beijing.nextMidnight(at('2026-05-01T03:00:00Z'))).toBe(at('2026-05-01T16:00:00Z'));
    expect(beijing.nextMidnight(at('2026-05-01T16:00:00Z'))).toBe(at('2026-05-02T16:00:00Z'));
  });

  it('handles offsets west of UTC and half hours', () => {
    expect(new DayClock(-5).day(at('2026-01-01T04:59:00Z'))).toBe('2025-12-31');
    expect(new DayClock(5.5).nextMidnight(at('2026-01-01T00:00:00Z'))).toBe(at('2026-01-01T18:30:00Z'));
  });

  it('reads IANA zones, same as the offset for Asia/Shanghai', () => {
    const zone = new DayClock('Asia/Shanghai');
    const now = at('2026-05-01T15:59:59Z');
    expect(zone.day(now)).toBe('2026-05-01');
    expect(zone.nextMidnight(now)).toBe(new DayClock(8).nextMidnight(now));
  });

  it('follows daylight saving: Berlin midnight is 23:00 UTC in winter, 22:00 in summer', () => {
    const berlin = new DayClock('Europe/Berlin');
    expect(berlin.nextMidnight(at('2026-01-15T12:00:00Z'))).toBe(at('2026-01-15T23:00:00Z'));
    expect(berlin.nextMidnight(at('2026-07-15T12:00:00Z'))).toBe(at('2026-07-15T22:00:00Z'));
    // The day the clocks go forward (29 March 2026): midnight after it is already summer time.
    expect(berlin.nextMidnight(at('2026-03-29T12:00:00Z'))).toBe(at('2026-03-29T22:00:00Z'));
    expect(berlin.day(at('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });
});
