import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { createLogger } from '../logging/create-logger';
import { RateLimitedLog } from '../logging/rate-limited-log';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { BAD_INPUT_LOG, LOGGER } from './tokens';

/** Config, logger, metrics and the board directory: what every transport module needs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: BridgeConfig, logger = createLogger(config.LOG_LEVEL, config.BRIDGE_INSTANCE_ID)):
    DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: BRIDGE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: BAD_INPUT_LOG, useFactory: (log: Logger) => new RateLimitedLog(log), inject: [LOGGER] },
        { provide: BridgeMetrics, useFactory: () => new BridgeMetrics({ processMetrics: true }) },
        { provide: BoardDirectory, useFactory: () => new BoardDirectory(config) },
      ],
      exports: [BRIDGE_CONFIG, LOGGER, BAD_INPUT_LOG, BridgeMetrics, BoardDirectory],
    };
  }
}
