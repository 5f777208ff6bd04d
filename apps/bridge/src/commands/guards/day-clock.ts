const HOUR_MS = 3_600_000;

/**
 * Calendar days in the zone of the daily budgets: a fixed offset in hours east of UTC (as
 * BOARD_TIME_ZONE, board-protocol §5.2) or an IANA zone name (daylight saving included). Pure.
 */
export class DayClock {
  private readonly format?: Intl.DateTimeFormat;

  constructor(readonly zone: number | string) {
    if (typeof zone === 'string') {
      this.format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric',
        month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    }
  }

  /** The local date `YYYY-MM-DD` at `now` (epoch ms): part of the daily counters' keys. */
  day(now: number): string {
    return new Date(this.localWallClock(now)).toISOString().slice(0, 10);
  }

  /** Epoch ms of the next local midnight after `now`: when the daily budget starts again. */
  nextMidnight(now: number): number {
    const wall = new Date(this.localWallClock(now));
    const midnightWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
    // The offset at midnight can differ from the one now (a DST change during the day): settle on it.
    let guess = midnightWall - this.offsetMs(now);
    guess = midnightWall - this.offsetMs(guess);
    return guess;
  }

  /** Local wall-clock time of `now`, as epoch ms read in UTC. */
  private localWallClock(now: number): number {
    return now + this.offsetMs(now);
  }

  private offsetMs(at: number): number {
    if (typeof this.zone === 'number') return this.zone * HOUR_MS;
    const parts = Object.fromEntries((this.format as Intl.DateTimeFormat).formatToParts(new Date(at))
      .map((p) => [p.type, Number(p.value)]));
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return wall - Math.floor(at / 1000) * 1000;
  }
}
