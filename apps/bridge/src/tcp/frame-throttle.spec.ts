import { FrameThrottle } from './frame-throttle';

const frames = (t: FrameThrottle, n: number, now: number) => {
  for (let i = 0; i < n; i++) t.frame(now);
};

describe('FrameThrottle', () => {
  const limits = { framesPerSec: 10, burst: 20, closeAfterMs: 5_000 };

  it('lets a burst through without pausing', () => {
    const t = new FrameThrottle(limits, 0);
    frames(t, 20, 0);
    expect(t.verdict(0)).toEqual({ action: 'go' });
    expect(t.throttled).toBe(false);
  });

  it('pauses for as long as the debt takes to pay back, and never drops', () => {
    const t = new FrameThrottle(limits, 0);
    frames(t, 25, 0);
    expect(t.verdict(0)).toEqual({ action: 'pause', ms: 500, first: true });
    expect(t.verdict(500)).toEqual({ action: 'go' });
    expect(t.throttled).toBe(true);
  });

  it('closes a session that stays over its rate for closeAfterMs', () => {
    const t = new FrameThrottle(limits, 0);
    let now = 0;
    let verdict = t.verdict(now);
    while (verdict.action !== 'close' && now < 60_000) {
      frames(t, 30, now); // three times the rate, every second
      verdict = t.verdict(now);
      if (verdict.action === 'pause') expect(verdict.first).toBe(now === 0);
      now += 1000;
    }
    expect(verdict.action).toBe('close');
    expect(now).toBeGreaterThanOrEqual(5_000);
    expect(now).toBeLessThanOrEqual(7_000);
  });

  it('forgives a board that went quiet after its burst (an episode ends)', () => {
    const t = new FrameThrottle(limits, 0);
    frames(t, 40, 0);
    expect(t.verdict(0)).toMatchObject({ action: 'pause', first: true });
    expect(t.verdict(4_000)).toEqual({ action: 'go' }); // 4 s at 10/s: the bucket is full again
    expect(t.throttled).toBe(false);
    frames(t, 40, 10_000);
    expect(t.verdict(10_000)).toMatchObject({ action: 'pause', first: true });
  });
});
