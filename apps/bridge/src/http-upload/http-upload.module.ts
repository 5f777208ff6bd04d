import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { BoardAdmission } from '../boards/board-admission';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { BAD_INPUT_LOG } from '../core/tokens';
import { Ingest } from '../ingest/ingest';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { HttpLiveness } from './http-liveness';
import { HttpLimits } from './http-limits';
import { UploadController } from './upload.controller';
import { UploadHandler } from './upload-handler';

/** Board HTTP uploads (board-protocol §1.2), and the per-address request rate of the HTTP port (issue 6). */
@Module({
  controllers: [UploadController],
  providers: [
    {
      provide: HttpLiveness, inject: [BoardDirectory, Ingest],
      useFactory: (boards: BoardDirectory, ingest: Ingest) => new HttpLiveness(
        (id) => boards.livenessMs(id),
        (id) => void ingest.offline(id, 'ping-timeout')),
    },
    {
      provide: UploadHandler,
      inject: [BoardDirectory, Ingest, HttpLiveness, BridgeMetrics, BAD_INPUT_LOG, BRIDGE_CONFIG],
      useFactory: (boards: BoardDirectory, ingest: Ingest, live: HttpLiveness, m: BridgeMetrics, log: RateLimitedLog,
        c: BridgeConfig) => new UploadHandler(boards, new BoardAdmission(boards, c.FRESHNESS_WINDOW_SEC), ingest, live,
        m, log),
    },
    {
      provide: HttpLimits, inject: [BRIDGE_CONFIG, BridgeMetrics, BAD_INPUT_LOG],
      useFactory: (c: BridgeConfig, m: BridgeMetrics, log: RateLimitedLog) =>
        new HttpLimits(c.HTTP_RATE_PER_SEC, c.HTTP_RATE_BURST, m, log),
    },
  ],
  exports: [HttpLiveness],
})
export class HttpUploadModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost, @Inject(HttpLimits) private readonly limits: HttpLimits) {}

  onModuleInit(): void {
    this.limits.install(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
