import { type ArgsOf, readOptions } from '../common/args';

export const UPLINK_TCP_OPTIONS = {
  /** Events per measured round of each path (bridge and baseline). */
  events: { type: 'int', default: 60_000 },
  /** Simulated boards (TCP sessions); events are spread evenly over them. */
  boards: { type: 'int', default: 200 },
  /** Processes the boards are spread over. */
  clients: { type: 'int', default: 2 },
  /** Measured rounds per path; the report gives the median, rounds of the two paths alternate. */
  rounds: { type: 'int', default: 3 },
  /** Untimed events per path before the rounds (JIT, sessions identified, pools filled). */
  warmup: { type: 'int', default: 10_000 },
  /** Every n-th message is a ping (998), the others SMS reports (501). */
  'ping-every': { type: 'int', default: 5 },
  /** Frames per socket write of a simulated board. */
  'frames-per-write': { type: 'int', default: 10 },
  modes: { type: 'list', default: ['embedded', 'external'], choices: ['embedded', 'external'] },
  /** Run the bridge with --cpu-prof and print its top self-time functions. */
  profile: { type: 'flag' },
} as const;

export type UplinkTcpArgs = ArgsOf<typeof UPLINK_TCP_OPTIONS>;
export type UplinkMode = 'embedded' | 'external';

const USAGE = 'usage: npm run bench:uplink-tcp -- [--events N] [--boards N] [--clients N] [--rounds N] [--warmup N] ' +
  '[--ping-every N] [--frames-per-write N] [--modes embedded,external] [--profile]';

export function readUplinkTcpArgs(argv: readonly string[]): UplinkTcpArgs {
  return readOptions(argv, UPLINK_TCP_OPTIONS, USAGE);
}
