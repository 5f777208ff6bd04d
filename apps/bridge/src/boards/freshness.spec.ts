import { newestOwnTime, staleAge } from './freshness';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const sec = (ms: number) => Math.floor(ms / 1000);
const opts = { windowSec: 3600, timeZone: 8 };

describe('freshness (board-protocol §4.5, §5.2)', () => {
  it('reads epoch seconds, epoch milliseconds and 14-digit board-local times', () => {
    expect(newestOwnTime({ msgTs: sec(NOW) }, undefined, 8)).toBe(NOW);
    expect(newestOwnTime({ smsTm: NOW }, undefined, 8)).toBe(NOW);
    expect(newestOwnTime({ smsTs: String(sec(NOW)) }, undefined, 8)).toBe(NOW);
    expect(newestOwnTime({ startTm: '20260110200000' }, undefined, 8)).toBe(NOW);
  });

  it('takes the newest time of the message (a long call ends well after it started)', () => {
    expect(newestOwnTime({ startTm: sec(NOW) - 7200, endTm: sec(NOW) }, undefined, 8)).toBe(NOW);
  });

  it('follows the board aliases and ignores untimed, nested or unparseable fields', () => {
    expect(newestOwnTime({ when: sec(NOW) }, { when: 'msgTs' }, 8)).toBe(NOW);
    expect(newestOwnTime({ devId: 'x', type: 100 }, undefined, 8)).toBeUndefined();
    expect(newestOwnTime({ results: [{ smsTs: 1 }], msgTs: 'soon' }, undefined, 8)).toBeUndefined();
    expect(newestOwnTime({ msgTs: 12 }, undefined, 8)).toBeUndefined(); // clock never set (§1.2)
  });

  it('calls a message stale only when its newest own time is older than the window', () => {
    expect(staleAge({ smsTm: NOW - 3_600_001 }, opts, NOW)).toBe(3_600_001);
    expect(staleAge({ smsTm: NOW - 3_599_000 }, opts, NOW)).toBeUndefined();
    expect(staleAge({ smsTm: NOW + 600_000 }, opts, NOW)).toBeUndefined();
    expect(staleAge({ type: 998, cnt: 1 }, opts, NOW)).toBeUndefined();
    expect(staleAge({ smsTm: 1 }, { ...opts, windowSec: 0 }, NOW)).toBeUndefined();
  });
});
