import type { ScopeLimitsFile } from '../../config/guards-schema';

/**
 * Built-in settings of the cost guards, used for whatever the `guards:` section leaves out
 * (docs/cost-guards.md). Deliberately low: a board that needs more says so in its config, while a
 * runaway script or a leaked operator password cannot spend more than a day's budget per SIM.
 */

/** SMS: a few per minute per SIM is a person-paced notifier; bulk senders raise these explicitly. */
const SMS_LIMITS: ScopeLimitsFile = {
  board: { perMinute: 10, perHour: 100, perDay: 400 },
  sim: { perMinute: 6, perHour: 60, perDay: 200 },
};

/** Calls cost per minute and a line can hold one call at a time: fewer still. */
const CALL_LIMITS: ScopeLimitsFile = {
  board: { perMinute: 4, perHour: 40, perDay: 120 },
  sim: { perMinute: 2, perHour: 20, perDay: 60 },
};

export const BUILTIN_LIMITS: Readonly<Record<string, ScopeLimitsFile>> = {
  sendsms: SMS_LIMITS,
  teldial: CALL_LIMITS,
  /** Any other guarded command (a `costly` one added to the table later, or one listed in `commands`). */
  default: CALL_LIMITS,
};

/**
 * Destinations that cost more than an ordinary message or call, matched against the national form of
 * the number (`+86`/`0086` removed, see destination-rules.ts). Mainland China numbering, because the
 * boards' SIMs are Chinese (board-protocol §5.2); elsewhere, replace with `premiumPatterns`.
 */
export const BUILTIN_PREMIUM_PATTERNS: readonly string[] = [
  // SP (service provider) SMS access codes: 1062/1063 provincial, 1065x/1066/1069 nationwide, 10658
  // China Mobile's own SP services. A message to them can order a paid subscription or be billed as
  // content (MIIT unified them under 106 from 2007).
  '^106',
  // Carrier value-added access codes 125xx: 12590–12599 voice information services, 12580 information,
  // 12530 ring-back tones, 12593 IP long distance; billed with information fees on top of airtime.
  '^125',
  // IP long-distance prefixes (17951 China Mobile, 17911 China Unicom, 17909 China Telecom): a prefixed
  // call is billed as long distance or international.
  '^179\\d\\d',
  // International destinations: many times a national SMS or call. The home country was removed before.
  '^(\\+|00)',
  // MMI/USSD codes (teldial accepts * and #): `**21*<number>#` forwards every call, others buy bundles.
  '[*#]',
];

/** Country code the SIMs belong to (board-protocol §5.2: the boards are made for mainland China). */
export const BUILTIN_HOME_COUNTRY_CODE = '86';

/** Seconds a reservation outlives its command's ttl before it is forgotten without a refund. */
export const RESERVATION_SLACK_SEC = 3600;
