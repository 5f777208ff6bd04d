import type { CommandSpec } from '../command-spec';
import { NO_REPORTS, integer, oneOf, text } from '../param-builders';

/**
 * board-protocol §3.2 "Device". TTL choices (the docs are silent, contract §4 only fixes sendsms and
 * call control): settings are idempotent and still wanted minutes later → 300 s; `stat` is a probe whose
 * answer is only useful fresh → 30 s; `restart`/`otanow` reboot the board and `now` carries a clock
 * value that goes stale → 0 (fail at once rather than act late).
 */

/** yyyyMMddHHmmss with plausible month/day/hour/minute/second fields (§5.2). */
const BOARD_TIME_PATTERN = '^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$';

const SETTING_TTL_SEC = 300;
const QUERY_TTL_SEC = 30;

/** Fields every device command shares; each entry below overrides what differs. */
const base = {
  family: 'device', source: 'DOC', params: [], tid: 'optional', reply: true, replyData: false,
  reports: NO_REPORTS, reportTimeoutSec: null, defaultTtlSec: SETTING_TTL_SEC, costly: false,
} as const;

/**
 * `dailyrst`/`dailyota` hour: 0–23 schedules, anything above 23 disables (§3.2 gives 25 as the example).
 * 99 caps it: the docs give no maximum and two digits are enough to say "off".
 */
const hourParam = (what: string) =>
  integer('hour', `hour of the daily ${what} (0-23); 24-99 disables it`, [0, 99]);

export const DEVICE_COMMANDS: readonly CommandSpec[] = [
  {
    ...base, name: 'stat', summary: 'full board status (answer typed 999)',
    tid: 'required', replyData: true, defaultTtlSec: QUERY_TTL_SEC,
  },
  {
    ...base, name: 'now', summary: 'set the board clock (also the TCP handshake, §1.4)',
    // §3.1: tid mandatory over TCP. The board answers nothing on success (§1.5), though the TCP
    // handshake example shows a 999 ack; classifyBoardReply still recognises one.
    tid: 'required', reply: false, defaultTtlSec: 0,
    params: [
      text('time', 'board local time yyyyMMddHHmmss; omit to let the board sync by itself', [14, 14],
        { optional: true, pattern: BOARD_TIME_PATTERN }),
      oneOf('autoSync', 'automatic clock calibration: 0 = off, 15 = allowed', [0, 15],
        { optional: true, default: 15 }),
      // Whole hours only: §3.2 documents a number with default 8 (UTC+8); half-hour zones are UNKNOWN.
      integer('timeZone', 'time zone as a UTC offset in hours', [-12, 14], { optional: true, default: 8 }),
    ],
  },
  { ...base, name: 'restart', summary: 'reboot the board', reply: false, defaultTtlSec: 0 },
  // The documented "default 4" / "default 3" are factory settings, not what an omitted p1 means: required.
  { ...base, name: 'dailyrst', summary: 'daily automatic reboot hour', params: [hourParam('reboot')] },
  { ...base, name: 'dailyota', summary: 'daily automatic firmware update hour', params: [hourParam('update')] },
  { ...base, name: 'otanow', summary: 'update the firmware now (board reboots)', defaultTtlSec: 0 },
  {
    ...base, name: 'pingsec', summary: 'interval of the 998 ping (applies after a reboot)',
    // Minimum 10 s is documented; 3600 s caps offline detection (3 × interval + slack) at about 3 h.
    params: [integer('seconds', 'seconds between two 998 pings', [10, 3600])],
  },
  {
    ...base, name: 'chpwduser', summary: 'change the user (not admin) password',
    params: [text('password', 'new user password, at least 4 characters', [4, 32], { pattern: '^[\\x21-\\x7e]+$' })],
  },
];
