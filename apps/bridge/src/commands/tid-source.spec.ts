import { TID_PATTERN } from '@board-bridge/board-protocol';
import { TidSource } from './tid-source';

describe('TidSource', () => {
  it('hands out decimal digits the protocol library accepts as a tid', () => {
    const tid = new TidSource().next();
    expect(tid).toMatch(/^[0-9]+$/);
    expect(tid).toMatch(TID_PATTERN);
    expect(Number.isSafeInteger(Number(tid))).toBe(true);
  });

  it('derives the tid from the clock (milliseconds × 1000)', () => {
    expect(new TidSource(() => 1_700_000_000_123).next()).toBe('1700000000123000');
  });

  it('stays unique and increasing when many tids are taken in the same millisecond', () => {
    const tids = new TidSource(() => 1_700_000_000_000);
    const seen = Array.from({ length: 2500 }, () => tids.next());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.every((t, i) => i === 0 || BigInt(t) === BigInt(seen[i - 1]) + 1n)).toBe(true);
  });

  it('jumps to the clock once it has moved past the last tid', () => {
    let now = 1_000;
    const tids = new TidSource(() => now);
    expect(tids.next()).toBe('1000000');
    expect(tids.next()).toBe('1000001');
    now = 1_001;
    expect(tids.next()).toBe('1001000');
  });

  it('never goes back, even when the clock does or when a burst outran it', () => {
    let now = 5_000;
    const tids = new TidSource(() => now);
    const a = tids.next();
    now = 4_000;
    const b = tids.next();
    const burst = Array.from({ length: 1500 }, () => tids.next());
    now = 5_001;
    const c = tids.next();
    const all = [a, b, ...burst, c].map(BigInt);
    expect(all.every((t, i) => i === 0 || t > all[i - 1])).toBe(true);
  });

  it('uses the real clock by default', () => {
    const before = Date.now();
    const tid = Number(new TidSource().next());
    expect(tid).toBeGreaterThanOrEqual(before * 1000);
    expect(tid).toBeLessThanOrEqual((Date.now() + 1) * 1000);
  });
});
