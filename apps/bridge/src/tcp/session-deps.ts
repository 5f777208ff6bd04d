import type { Logger } from 'pino';
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
}

/** Everything a board session talks to; nothing here knows about MQTT or Redis. */
export interface SessionDeps {
  ingest: Ingest;
  boards: BoardDirectory;
  registry: SessionRegistry<BoardSession>;
  metrics: BridgeMetrics;
  log: Logger;
  badInputLog: RateLimitedLog;
  limits: SessionLimits;
}
