import type { Logger } from 'pino';
import { RateLimitedLog } from './rate-limited-log';

function fakeLog(): { log: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  return { log: { warn: (...args: unknown[]) => lines.push(args) } as unknown as Logger, lines };
}

describe('RateLimitedLog', () => {
  it('logs once per key and interval', () => {
    let now = 0;
    const { log, lines } = fakeLog();
    const l = new RateLimitedLog(log, 60_000, 100, () => now);
    for (let i = 0; i < 10; i++) l.warn('tcp:x:10.0.0.1', { i }, 'bad');
    l.warn('tcp:x:10.0.0.2', {}, 'bad');
    expect(lines).toHaveLength(2);
    now = 59_999;
    l.warn('tcp:x:10.0.0.1', {}, 'bad');
    expect(lines).toHaveLength(2);
    now = 60_000;
    l.warn('tcp:x:10.0.0.1', {}, 'bad');
    expect(lines).toHaveLength(3);
  });

  it('keeps a bounded key set, expired keys going first', () => {
    let now = 0;
    const { log, lines } = fakeLog();
    const l = new RateLimitedLog(log, 1000, 3, () => now);
    for (const k of ['a', 'b', 'c']) l.warn(k, {}, 'm');
    now = 500;
    l.warn('a', {}, 'm'); // still quiet: no line
    now = 1200;
    l.warn('d', {}, 'm'); // a, b, c expired and pruned
    now = 1300;
    l.warn('d', {}, 'm');
    expect(lines).toHaveLength(4);
  });
});
