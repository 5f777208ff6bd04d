import { type ArgsOf, readOptions } from '../common/args';
import { fdLimit } from '../common/proc';

export const SESSIONS_OPTIONS = {
  /** Idle sessions held by one server process; 0: as many as `ulimit -n` allows, at most DEFAULT_SESSIONS. */
  sessions: { type: 'int', default: 0, min: 0 },
  /** Boards of the connect storm (the first sessions opened); 0: no storm. */
  storm: { type: 'int', default: 10_000, min: 0 },
  /** The storm's boards connect evenly spread over this many seconds. */
  'storm-seconds': { type: 'int', default: 10 },
  /** A storm board must get `now` within this (board-protocol §1.4: the board waits 5 s). */
  'handshake-limit-ms': { type: 'int', default: 5000 },
  /** Every board pings once, spread over this many seconds, before memory is read. */
  'ping-seconds': { type: 'int', default: 3 },
  /** Client processes; 0: one per 8 000 boards, at least 2. */
  clients: { type: 'int', default: 0, min: 0 },
} as const;

export type SessionsArgs = ArgsOf<typeof SESSIONS_OPTIONS>;

/** About 19 900 sockets fit in one process under a 20 000 fd limit (stack.md §3d); the bridge needs some fds too. */
export const DEFAULT_SESSIONS = 19_000;
/** Descriptors a bridge process uses besides board sockets (listeners, broker, stdio, loader), with room to spare. */
const FD_RESERVE = 900;

const USAGE = 'usage: npm run bench:sessions -- [--sessions N] [--storm N] [--storm-seconds N] [--handshake-limit-ms N] ' +
  '[--ping-seconds N] [--clients N]';

export function readSessionsArgs(argv: readonly string[]): SessionsArgs {
  const args = readOptions(argv, SESSIONS_OPTIONS, USAGE);
  const limit = fdLimit();
  const fit = limit === null ? DEFAULT_SESSIONS : Math.max(1, limit - FD_RESERVE);
  const sessions = args.sessions || Math.min(DEFAULT_SESSIONS, fit);
  return { ...args, sessions, storm: Math.min(args.storm, sessions),
    clients: args.clients || Math.max(2, Math.ceil(sessions / 8000)) };
}
