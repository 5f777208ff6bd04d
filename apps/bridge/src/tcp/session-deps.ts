import type { Logger } from 'pino';
import type { BoardAdmission } from '../boards/board-admission';
import type { BoardDirectory } from '../boards/board-directory';
import type { Ingest } from '../ingest/ingest';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import type { BridgeMetrics } from '../metrics/bridge-metrics';
import type { BoardSession } from './board-session';
import type { SessionRegistry } from './session-registry';

export interface SessionLimits {
  /** A socket that sends no valid frame within this time is closed (default 10 s). */
  handshakeTimeoutMs: number;
  maxFrameBytes: number;
  /** Bytes queued for the board before it counts as a slow consumer and is closed. */
  maxWriteBufferBytes: number;
  /** Frame rate of one session (issue 6): above it reading pauses; `throttleCloseMs` of that closes it. */
  maxFramesPerSec: number;
  frameBurst: number;
  throttleCloseMs: number;
  /** Cap on an identified session's silence below the liveness deadline; 0: no cap. */
  idleTimeoutMs: number;
}

/** Caps on sockets the listener accepts (issue 6); sockets above them are closed before any byte is read. */
export interface ServerLimits {
  maxSessions: number;
  maxSessionsPerAddress: number;
}

/** Everything a board session talks to; nothing here knows about MQTT or Redis. */
export interface SessionDeps {
  ingest: Ingest;
  boards: BoardDirectory;
  admission: BoardAdmission;
  registry: SessionRegistry<BoardSession>;
  metrics: BridgeMetrics;
  log: Logger;
  badInputLog: RateLimitedLog;
  limits: SessionLimits;
}
