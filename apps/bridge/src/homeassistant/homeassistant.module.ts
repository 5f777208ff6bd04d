import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { AvailabilityBook } from '../ingest/availability';
import { Ingest } from '../ingest/ingest';
import { Publisher } from '../ingest/publisher';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { HomeAssistantService } from './homeassistant.service';

/** Home Assistant MQTT discovery (docs/home-assistant.md); idle unless HA_DISCOVERY is set. */
@Module({
  providers: [
    {
      provide: HomeAssistantService,
      inject: [BRIDGE_CONFIG, MQTT_GATEWAY, TopicScheme, Ingest, Publisher, AvailabilityBook, LOGGER],
      useFactory: (config: BridgeConfig, gateway: MqttGateway, topics: TopicScheme, ingest: Ingest,
        publisher: Publisher, availability: AvailabilityBook, log: Logger) => new HomeAssistantService({
        config, gateway, topics, ingest, publisher, availability, log: log.child({ module: 'homeassistant' }),
      }),
    },
  ],
  exports: [HomeAssistantService],
})
export class HomeAssistantModule {}
