import { BoardProtocolError, parseBoardTime } from '@board-bridge/board-protocol';

/**
 * The message's own times (board-protocol §5.2), by standard name: `msgTs` of newer firmware, the SMS time
 * of 501 (`smsTm` ms, `smsTs` s) and the call times of 60x/62x/64x. Only top-level fields count: a query
 * reply (401/402) lists old messages on purpose.
 */
export const OWN_TIME_FIELDS: ReadonlySet<string> = new Set([
  'msgTs', 'smsTm', 'smsTs', 'startTm', 'endTm', 'telStartTs', 'telEndTs', 'telConnectedTs',
]);

export interface FreshnessOptions {
  windowSec: number;
  /** The board's renamed fields (board-protocol §2.4): its name → the standard name. */
  aliases?: Record<string, string>;
  /** Hours east of UTC of the board's clock, for 12/14-digit local times (§5.2). */
  timeZone: number;
}

/** The newest of the message's own times in epoch ms, or undefined when it carries none that parses. */
export function newestOwnTime(raw: Record<string, unknown>, aliases: Record<string, string> | undefined,
  timeZone: number): number | undefined {
  let newest: number | undefined;
  for (const [name, value] of Object.entries(raw)) {
    const standard = aliases && Object.hasOwn(aliases, name) ? aliases[name] : name;
    if (!OWN_TIME_FIELDS.has(standard) || (typeof value !== 'string' && typeof value !== 'number')) continue;
    try {
      const ms = parseBoardTime(value, timeZone).getTime();
      if (newest === undefined || ms > newest) newest = ms;
    } catch (err) {
      // A time in no known format proves nothing either way; the message is judged without it.
      if (!(err instanceof BoardProtocolError)) throw err;
    }
  }
  return newest;
}

/**
 * board-protocol §4.5: the scheme has no nonce, so a captured ciphertext can be replayed at will. Dedup
 * catches a replay inside its window; this catches an older one. Returns the message's age in ms when it
 * is older than the window, else undefined (fresh, from the future, or without a time of its own).
 */
export function staleAge(raw: Record<string, unknown>, opts: FreshnessOptions, now: number): number | undefined {
  if (opts.windowSec <= 0) return undefined;
  const newest = newestOwnTime(raw, opts.aliases, opts.timeZone);
  if (newest === undefined) return undefined;
  const age = now - newest;
  return age > opts.windowSec * 1000 ? age : undefined;
}
