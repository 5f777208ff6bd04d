import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { BridgeConfig } from './config';
import { ApiModule } from './api/api.module';
import { CommandsModule } from './commands/commands.module';
import { ContractModule } from './contract/contract.module';
import { CoreModule } from './core/core.module';
import { ForwardingModule } from './forwarding/forwarding.module';
import { HealthController } from './health/health.controller';
import { HomeAssistantModule } from './homeassistant/homeassistant.module';
import { HttpUploadModule } from './http-upload/http-upload.module';
import { IngestModule } from './ingest/ingest.module';
import { BridgeLifecycle } from './lifecycle/bridge-lifecycle';
import { createLogger } from './logging/create-logger';
import { MqttModule } from './mqtt/mqtt.module';
import { SharedStateModule } from './shared-state/shared-state.module';
import { TcpModule } from './tcp/tcp.module';

@Module({})
export class AppModule {
  static forRoot(config: BridgeConfig, logger: Logger = createLogger(config.LOG_LEVEL, config.BRIDGE_INSTANCE_ID)):
    DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        // Request logging off: boards upload often and every upload is already counted in metrics.
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } }),
        MqttModule, SharedStateModule, IngestModule, TcpModule, HttpUploadModule, CommandsModule, ApiModule,
        ForwardingModule,
        ContractModule,
        HomeAssistantModule,
      ],
      controllers: [HealthController],
      providers: [BridgeLifecycle],
    };
  }
}
