import { KeyedRateLimiter } from './keyed-rate-limiter';
import { sourceKey } from './source-key';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('starts full, refuses when empty and refills at its rate up to the burst', () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.tryTake(0), b.tryTake(0), b.tryTake(0), b.tryTake(0)]).toEqual([true, true, true, false]);
    expect(b.tryTake(50)).toBe(false); // half a token
    expect(b.tryTake(100)).toBe(true);
    expect(b.level(10_000)).toBe(3);
    expect(b.isFull(10_000)).toBe(true);
  });

  it('charge runs into debt and says how long the debt takes to pay back', () => {
    const b = new TokenBucket(100, 10, 0);
    b.charge(0, 30);
    expect(b.level(0)).toBe(-20);
    expect(b.debtMs(0)).toBe(200);
    expect(b.debtMs(100)).toBe(100);
    expect(b.debtMs(200)).toBe(0);
    expect(b.tryTake(150)).toBe(false);
  });

  it('mints nothing when the clock steps back', () => {
    const b = new TokenBucket(1, 1, 1000);
    expect(b.tryTake(1000)).toBe(true);
    expect(b.tryTake(0)).toBe(false);
    expect(b.tryTake(1500)).toBe(false);
    expect(b.tryTake(2000)).toBe(true);
  });

  it('refuses nonsense parameters', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });
});

describe('KeyedRateLimiter', () => {
  it('keeps one bucket per key', () => {
    let now = 0;
    const l = new KeyedRateLimiter(1, 2, 100, () => now);
    expect([l.allow('a'), l.allow('a'), l.allow('a')]).toEqual([true, true, false]);
    expect(l.allow('b')).toBe(true);
    now = 1000;
    expect(l.allow('a')).toBe(true);
  });

  it('stays bounded: full buckets go first, then the oldest', () => {
    let now = 0;
    const l = new KeyedRateLimiter(1, 1, 4, () => now);
    for (const k of ['a', 'b', 'c', 'd']) l.allow(k);
    l.allow('e');
    expect(l.size).toBeLessThanOrEqual(4);
    now = 10_000; // all refilled: pruned as if new
    for (const k of ['f', 'g', 'h']) l.allow(k);
    expect(l.size).toBeLessThanOrEqual(4);
    expect(l.allow('a')).toBe(true);
  });
});

describe('sourceKey', () => {
  it('counts IPv4 (also mapped) per address and IPv6 per /64', () => {
    expect(sourceKey('10.0.0.1')).toBe('10.0.0.1');
    expect(sourceKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(sourceKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKey(undefined)).toBe('?');
  });
});
