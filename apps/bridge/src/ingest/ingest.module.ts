import { Global, Module } from '@nestjs/common';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { AvailabilityBook } from './availability';
import { DEDUP_STORE, type DedupStore } from './dedup-store';
import { Ingest } from './ingest';
import { Publisher } from './publisher';
import { StateBook } from './state-book';

/** The transport-agnostic uplink core; state in memory for one instance (Redis arrives with scale-out). */
@Global()
@Module({
  providers: [
    {
      provide: Publisher, inject: [MQTT_GATEWAY, BRIDGE_CONFIG, BridgeMetrics],
      useFactory: (gw: MqttGateway, c: BridgeConfig, m: BridgeMetrics) => {
        const publisher = new Publisher(gw, c.SPOOL_MAX_MESSAGES);
        m.measureSpool(() => publisher.depth);
        return publisher;
      },
    },
    { provide: StateBook, inject: [TopicScheme], useFactory: (t: TopicScheme) => new StateBook(t) },
    {
      provide: AvailabilityBook, inject: [TopicScheme, BRIDGE_CONFIG],
      useFactory: (t: TopicScheme, c: BridgeConfig) => new AvailabilityBook(t, c.BRIDGE_INSTANCE_ID),
    },
    {
      provide: Ingest,
      inject: [BoardDirectory, Publisher, DEDUP_STORE, StateBook, AvailabilityBook, TopicScheme, BridgeMetrics,
        BRIDGE_CONFIG],
      useFactory: (boards: BoardDirectory, publisher: Publisher, dedup: DedupStore, states: StateBook,
        availability: AvailabilityBook, topics: TopicScheme, metrics: BridgeMetrics, c: BridgeConfig) =>
        new Ingest({ boards, publisher, dedup, states, availability, topics, metrics,
          dedupWindowSec: c.DEDUP_WINDOW_SEC }),
    },
  ],
  exports: [Publisher, Ingest, StateBook, AvailabilityBook],
})
export class IngestModule {}
