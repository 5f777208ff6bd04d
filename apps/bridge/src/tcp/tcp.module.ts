import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { BoardAdmission } from '../boards/board-admission';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { BAD_INPUT_LOG, LOGGER } from '../core/tokens';
import { Ingest } from '../ingest/ingest';
import { Publisher } from '../ingest/publisher';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { BoardSession } from './board-session';
import { SessionRegistry } from './session-registry';
import { BoardTcpServer } from './tcp-server';

/** Board TCP sessions (board-protocol §1.4). Started and stopped by the app's lifecycle, in order. */
@Module({
  providers: [
    { provide: SessionRegistry, useFactory: () => new SessionRegistry<BoardSession>() },
    {
      provide: BoardTcpServer,
      inject: [Ingest, BoardDirectory, SessionRegistry, BridgeMetrics, LOGGER, BAD_INPUT_LOG, Publisher, BRIDGE_CONFIG],
      useFactory: (ingest: Ingest, boards: BoardDirectory, registry: SessionRegistry<BoardSession>,
        metrics: BridgeMetrics, log: Logger, badInputLog: RateLimitedLog, publisher: Publisher, c: BridgeConfig) =>
        new BoardTcpServer({ ingest, boards, registry, metrics, log, badInputLog,
          admission: new BoardAdmission(boards, c.FRESHNESS_WINDOW_SEC),
          limits: {
            handshakeTimeoutMs: c.HANDSHAKE_TIMEOUT_MS, maxFrameBytes: c.MAX_FRAME_BYTES,
            maxWriteBufferBytes: 1 << 20,
            maxFramesPerSec: c.TCP_MAX_FRAMES_PER_SEC, frameBurst: c.TCP_FRAME_BURST,
            throttleCloseMs: c.TCP_THROTTLE_CLOSE_SEC * 1000, idleTimeoutMs: c.TCP_IDLE_TIMEOUT_SEC * 1000,
          } }, publisher, c.TCP_HOST, c.TCP_PORT,
        { maxSessions: c.TCP_MAX_SESSIONS, maxSessionsPerAddress: c.TCP_MAX_SESSIONS_PER_ADDRESS }),
    },
  ],
  exports: [BoardTcpServer, SessionRegistry],
})
export class TcpModule {}
