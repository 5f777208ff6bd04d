import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from './backoff';

describe('backoff', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('doubles per retry up to the cap, jittered within the upper half', () => {
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(10, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(1000, policy, () => 0.5)).toBe(22_500);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(['7'], now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
