import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { createBrokerAuth } from './auth/create-broker-auth';
import { createMqttGateway } from './create-mqtt-gateway';
import { MQTT_GATEWAY } from './mqtt-gateway';
import { TopicScheme } from './topics';

/**
 * The MQTT side behind one gateway (style rule 5): embedded aedes when MQTT_URL is unset (clustered through
 * Redis when REDIS_URL is set), an external broker otherwise. Started and stopped by the app's lifecycle so
 * the order is right.
 */
@Global()
@Module({
  providers: [
    { provide: TopicScheme, inject: [BRIDGE_CONFIG], useFactory: (c: BridgeConfig) => new TopicScheme(c.MQTT_BASE_TOPIC) },
    {
      provide: MQTT_GATEWAY, inject: [BRIDGE_CONFIG, TopicScheme, LOGGER, BridgeMetrics],
      useFactory: (c: BridgeConfig, topics: TopicScheme, log: Logger, metrics: BridgeMetrics) => {
        const onError = (err: Error) => log.warn({ err }, 'mqtt gateway error');
        if (c.mqttMode === 'embedded') {
          // with REDIS_URL the embedded brokers of all instances form one cluster through Redis (bridge-contract §1)
          const redis = c.REDIS_URL ? { url: c.REDIS_URL, keyPrefix: c.REDIS_KEY_PREFIX } : undefined;
          // users, roles and TLS: docs/security-mqtt.md
          const auth = createBrokerAuth(c, metrics, log).hooks();
          const tls = c.MQTT_TLS_PORT !== undefined && c.MQTT_TLS_KEY_FILE && c.MQTT_TLS_CERT_FILE
            ? { port: c.MQTT_TLS_PORT, keyFile: c.MQTT_TLS_KEY_FILE, certFile: c.MQTT_TLS_CERT_FILE } : undefined;
          return createMqttGateway({ mode: 'embedded', host: c.MQTT_HOST, port: c.MQTT_PORT, wsPort: c.MQTT_WS_PORT,
            instanceId: c.BRIDGE_INSTANCE_ID, redis, onError, auth, tls });
        }
        const will = { topic: topics.bridgeState(c.BRIDGE_INSTANCE_ID),
          payload: JSON.stringify({ state: 'offline', instance: c.BRIDGE_INSTANCE_ID, reason: 'connection-lost' }) };
        return createMqttGateway({ mode: 'external', url: c.MQTT_URL as string, instanceId: c.BRIDGE_INSTANCE_ID,
          username: c.MQTT_USERNAME, password: c.MQTT_PASSWORD, protocolVersion: c.MQTT_PROTOCOL_VERSION, will,
          sharedGroup: c.MQTT_SHARED_GROUP, startTimeoutMs: 0, onError });
      },
    },
  ],
  exports: [TopicScheme, MQTT_GATEWAY],
})
export class MqttModule {}
