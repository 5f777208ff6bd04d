import { formatBoardTime } from '@board-bridge/board-protocol';

/** board-protocol §1.4: these types open a session; each one is answered with `now` within 5 s. */
export const ONLINE_TYPES: ReadonlySet<number> = new Set([100, 101, 102]);

/**
 * board-protocol §1.4: the `now` command with the 14-digit local time in the board's zone. `tid` is
 * required for `now` over TCP (§3.1); the board acknowledges with a 999 carrying it.
 */
export function nowCommand(at: Date, tzOffsetHours: number, tid: string): Record<string, unknown> {
  return { cmd: 'now', p1: formatBoardTime(at, tzOffsetHours), tid };
}
