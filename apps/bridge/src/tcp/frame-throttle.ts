import { TokenBucket } from '../limits/token-bucket';

/** What a session does after reading a chunk of frames. */
export type ThrottleVerdict =
  | { action: 'go' }
  /** Stop reading for `ms`: the frames wait in the kernel, and the board's own TCP send slows down. */
  | { action: 'pause'; ms: number; first: boolean }
  /** Over the rate for longer than allowed: close the session (`flood`). */
  | { action: 'close' };

export interface ThrottleLimits {
  framesPerSec: number;
  burst: number;
  /** How long a session may stay over its rate before it is closed. */
  closeAfterMs: number;
}

/**
 * The frame rate of one TCP session (issue 6 "max frames per second per session"). Pure: time is passed
 * in. Every frame read is charged, even into debt, because a frame read from a board is never dropped
 * (bridge-contract §6); the debt becomes a pause. An episode of throttling starts with the first pause
 * and ends once the bucket is back above half its burst (the board went quiet for a while); a session
 * still throttled `closeAfterMs` after its episode started is a flood.
 */
export class FrameThrottle {
  private readonly bucket: TokenBucket;
  private overSince?: number;

  constructor(private readonly limits: ThrottleLimits, now: number) {
    this.bucket = new TokenBucket(limits.framesPerSec, limits.burst, now);
  }

  get throttled(): boolean {
    return this.overSince !== undefined;
  }

  /** One frame was read. */
  frame(now: number): void {
    this.bucket.charge(now);
  }

  /** After a chunk (or when a pause ends): go on reading, pause, or close. */
  verdict(now: number): ThrottleVerdict {
    const ms = this.bucket.debtMs(now);
    if (ms === 0) {
      if (this.overSince !== undefined && this.bucket.level(now) >= this.limits.burst / 2) this.overSince = undefined;
      return { action: 'go' };
    }
    const first = this.overSince === undefined;
    if (first) this.overSince = now;
    else if (now - (this.overSince as number) >= this.limits.closeAfterMs) return { action: 'close' };
    return { action: 'pause', ms, first };
  }
}
