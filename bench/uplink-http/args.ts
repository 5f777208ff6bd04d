import { type ArgsOf, readOptions } from '../common/args';
import { UPLOAD_KINDS } from './uploads';

export const UPLINK_HTTP_OPTIONS = {
  /** Uploads per measured round of each path (bridge and baseline). */
  uploads: { type: 'int', default: 20_000 },
  /**
   * Requests of a bare-route round = uploads × this (the same bodies again): the bare route is several times
   * faster, and a round shorter than a second says little on a shared machine.
   */
  'baseline-factor': { type: 'int', default: 4 },
  /** Boards the uploads name, in turn. */
  boards: { type: 'int', default: 100 },
  /** Keep-alive sockets of the load generator. */
  connections: { type: 'int', default: 50 },
  /** Measured rounds per path and encoding; medians are reported, the two paths alternate. */
  rounds: { type: 'int', default: 3 },
  /** Untimed uploads per path and encoding before the rounds. */
  warmup: { type: 'int', default: 3000 },
  encodings: { type: 'list', default: UPLOAD_KINDS, choices: UPLOAD_KINDS },
  /** Run the bridge with --cpu-prof and print its top self-time functions. */
  profile: { type: 'flag' },
} as const;

export type UplinkHttpArgs = ArgsOf<typeof UPLINK_HTTP_OPTIONS>;

const USAGE = 'usage: npm run bench:uplink-http -- [--uploads N] [--boards N] [--connections N] [--rounds N] [--warmup N] ' +
  '[--baseline-factor N] [--encodings form,aes-json] [--profile]';

export function readUplinkHttpArgs(argv: readonly string[]): UplinkHttpArgs {
  return readOptions(argv, UPLINK_HTTP_OPTIONS, USAGE);
}
