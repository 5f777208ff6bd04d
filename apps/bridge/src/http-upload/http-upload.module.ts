import { Module } from '@nestjs/common';
import { BoardDirectory } from '../boards/board-directory';
import { BAD_INPUT_LOG } from '../core/tokens';
import { Ingest } from '../ingest/ingest';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { HttpLiveness } from './http-liveness';
import { UploadController } from './upload.controller';
import { UploadHandler } from './upload-handler';

/** Board HTTP uploads (board-protocol §1.2). */
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
      provide: UploadHandler, inject: [BoardDirectory, Ingest, HttpLiveness, BridgeMetrics, BAD_INPUT_LOG],
      useFactory: (boards: BoardDirectory, ingest: Ingest, live: HttpLiveness, m: BridgeMetrics, log: RateLimitedLog) =>
        new UploadHandler(boards, ingest, live, m, log),
    },
  ],
  exports: [HttpLiveness],
})
export class HttpUploadModule {}
