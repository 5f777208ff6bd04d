import type { DayClock } from './day-clock';
import type { ScopeLimits, WindowLimits } from './guard-policy';

export type GuardScope = 'board' | 'sim';
export type GuardWindow = 'minute' | 'hour' | 'day';

/** One counter a command must fit under: `key` counts up to `max` until `resetsAt`. */
export interface CounterCheck {
  key: string;
  max: number;
  scope: GuardScope;
  window: GuardWindow;
  /** Epoch ms when the window ends and the counter starts again. */
  resetsAt: number;
  /** How long the counter must be kept (its window plus slack); afterwards it is garbage. */
  ttlMs: number;
}

/** The command being counted: its board, its table name and its SIM slot when it has one. */
export interface GuardTarget {
  board: string;
  cmd: string;
  slot?: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Counters outlive their window a little, so a refund right after the boundary still finds its key. */
const SLACK_MS = 60_000;

/**
 * Names of the guard's counters and reservations. With Redis every key of a board carries the board as
 * hash tag (`{498060912345}`), so one script may touch them all on Redis Cluster while boards spread over
 * the slots. In memory the prefix is empty.
 */
export class GuardKeys {
  constructor(private readonly prefix = '') {}

  counter(t: GuardTarget, scope: GuardScope, windowId: string): string {
    return `${this.board(t.board)}${t.cmd}:${scope === 'board' ? 'b' : `s${t.slot}`}:${windowId}`;
  }

  reservation(board: string, requestId: string): string {
    return `${this.board(board)}res:${requestId}`;
  }

  private board(board: string): string {
    return `${this.prefix}guard:{${board}}:`;
  }
}

/**
 * The counters a command is checked against at `now`, most telling first: daily budgets (a refusal there
 * lasts until midnight), then hours, then minutes; per SIM before per board. Rate windows are fixed and
 * aligned to the clock (a minute limit starts again at every full minute), so up to twice a limit can pass
 * across a boundary; the daily budget is a hard cap. Pure.
 */
export function counterChecks(t: GuardTarget, limits: ScopeLimits, now: number, clock: DayClock, keys: GuardKeys):
  CounterCheck[] {
  const scopes: [GuardScope, WindowLimits][] = [['sim', limits.sim], ['board', limits.board]];
  const usable = scopes.filter(([scope]) => scope === 'board' || t.slot !== undefined);
  const out: CounterCheck[] = [];
  for (const window of ['day', 'hour', 'minute'] as const) {
    for (const [scope, w] of usable) {
      const max = window === 'day' ? w.perDay : window === 'hour' ? w.perHour : w.perMinute;
      if (max === undefined) continue;
      const { id, resetsAt } = windowAt(window, now, clock);
      out.push({ key: keys.counter(t, scope, id), max, scope, window, resetsAt, ttlMs: resetsAt - now + SLACK_MS });
    }
  }
  return out;
}

/** The window containing `now`: its id (part of the key) and its end. */
export function windowAt(window: GuardWindow, now: number, clock: DayClock): { id: string; resetsAt: number } {
  if (window === 'day') return { id: `d${clock.day(now)}`, resetsAt: clock.nextMidnight(now) };
  const size = window === 'hour' ? HOUR_MS : MINUTE_MS;
  const index = Math.floor(now / size);
  return { id: `${window === 'hour' ? 'h' : 'm'}${index}`, resetsAt: (index + 1) * size };
}
