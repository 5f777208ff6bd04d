import { parseArgs } from 'node:util';

export interface ForwardingBenchArgs {
  /** Events forwarded per run. */
  events: number;
  /** Simulated boards over TCP (each board's forwards go in order, one at a time). */
  boards: number;
  /** Sockets to the receiver, for the bridge's pool and the baseline's alike. */
  connections: number;
  /** Runs of each path; the median is reported. */
  rounds: number;
}

export const DEFAULTS: ForwardingBenchArgs = { events: 10_000, boards: 50, connections: 8, rounds: 3 };
const USAGE = 'usage: npm run bench:forwarding -- [--events N] [--boards N] [--connections N] [--rounds N]';

/** The command line only: the bench reads no environment variables of its own. */
export function readArgs(argv: readonly string[]): ForwardingBenchArgs {
  const { values } = parseArgs({ args: [...argv], strict: true, options: {
    events: { type: 'string' }, boards: { type: 'string' }, connections: { type: 'string' }, rounds: { type: 'string' } } });
  const int = (name: keyof ForwardingBenchArgs): number => {
    const text = values[name];
    if (text === undefined) return DEFAULTS[name];
    const n = Number(text.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer, got ${JSON.stringify(text)}\n${USAGE}`);
    return n;
  };
  return { events: int('events'), boards: int('boards'), connections: int('connections'), rounds: int('rounds') };
}
