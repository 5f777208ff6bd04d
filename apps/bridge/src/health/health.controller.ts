import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Publisher } from '../ingest/publisher';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { SHARED_STATE_STATUS, type SharedStateStatus } from '../routing/routing-ports';
import { BoardTcpServer } from '../tcp/tcp-server';

/** bridge-contract §5: liveness, readiness with each dependency named, Prometheus metrics. */
@Controller()
export class HealthController {
  constructor(@Inject(MQTT_GATEWAY) private readonly gateway: MqttGateway, private readonly publisher: Publisher,
    private readonly metrics: BridgeMetrics, @Inject(SHARED_STATE_STATUS) private readonly shared: SharedStateStatus,
    private readonly tcp: BoardTcpServer) {
    metrics.measureConnectivity(() => gateway.connected, shared.mode === 'redis' ? () => shared.connected : undefined);
  }

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() reply: FastifyReply): Promise<void> {
    const checks: Record<string, string> = {
      // The HTTP listener answers this request, so only the board TCP listener needs a check.
      tcp: this.tcp.listening ? 'up' : 'down',
      broker: this.gateway.connected ? 'up' : 'down',
      spool: this.publisher.full ? 'full' : 'ok',
    };
    // bridge-contract §5: Redis is named only when configured; without it commands to other instances fail.
    if (this.shared.mode === 'redis') checks.redis = this.shared.connected ? 'up' : 'down';
    const ready = checks.tcp === 'up' && checks.broker === 'up' && checks.spool === 'ok' && checks.redis !== 'down';
    await reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  }

  @Get('metrics')
  async prometheus(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
