import { delayUntilFree, RateLimiter } from './rate-limiter';

describe('rate limit', () => {
  const limit = { count: 3, windowMs: 1000 };

  it('computes the wait of a sliding window', () => {
    expect(delayUntilFree([], 0, limit)).toBe(0);
    expect(delayUntilFree([0, 100], 200, limit)).toBe(0);
    expect(delayUntilFree([0, 100, 200], 300, limit)).toBe(700);
    expect(delayUntilFree([0, 100, 200, 900], 950, limit)).toBe(150);
    expect(delayUntilFree([0, 100, 200], 1000, limit)).toBe(0); // the one at 0 just left the window
  });

  describe('RateLimiter', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0 }));
    afterEach(() => jest.useRealTimers());

    it('queues in call order instead of dropping', async () => {
      const limiter = new RateLimiter(limit);
      const started: [number, number][] = [];
      const all = [0, 1, 2, 3, 4, 5, 6].map((i) => limiter.take().then(() => started.push([i, Date.now()])));
      await jest.advanceTimersByTimeAsync(2500);
      await Promise.all(all);
      expect(started).toEqual([[0, 0], [1, 0], [2, 0], [3, 1000], [4, 1000], [5, 1000], [6, 2000]]);
    });

    it('an aborted wait leaves the queue', async () => {
      const limiter = new RateLimiter({ count: 1, windowMs: 1000 });
      await limiter.take();
      const ctrl = new AbortController();
      const aborted = limiter.take(ctrl.signal);
      const next = limiter.take();
      ctrl.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
      expect(limiter.waiting).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      await next;
      expect(limiter.waiting).toBe(0);
    });
  });
});
