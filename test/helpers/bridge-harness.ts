import pino, { type Logger } from 'pino';
import { startBridge, type RunningBridge } from '../../apps/bridge/src/bootstrap';
import { loadConfig } from '../../apps/bridge/src/config';
import { BridgeMetrics } from '../../apps/bridge/src/metrics/bridge-metrics';
import { MQTT_GATEWAY } from '../../apps/bridge/src/mqtt/mqtt-gateway';
import { BoardTcpServer } from '../../apps/bridge/src/tcp/tcp-server';

export interface BridgeUnderTest {
  bridge: RunningBridge;
  tcpPort: number;
  httpPort: number;
  /** The embedded broker's port, or undefined with an external broker. */
  mqttPort?: number;
  mqttUrl: string;
  uploadUrl: string;
  metrics: BridgeMetrics;
  /** The value of one counter sample, e.g. metric('bridge_bad_input_total', { kind: 'decryption' }). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

let nextInstance = 1;

/**
 * Boots the real bridge in this process on free ports; `env` overrides settings (strings, as from the
 * environment); `opts.logger` replaces the silent test logger (e.g. to assert on log lines).
 */
export async function startTestBridge(env: Record<string, string> = {}, files?: Record<string, string>,
  opts: { logger?: Logger } = {}): Promise<BridgeUnderTest> {
  const config = loadConfig({ TCP_HOST: '127.0.0.1', TCP_PORT: '0', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0',
    MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', BRIDGE_INSTANCE_ID: `test-${process.pid}-${nextInstance++}`,
    ...env },
  files ? (p) => files[p] : undefined);
  const bridge = await startBridge(config, opts.logger ?? pino({ level: process.env.BRIDGE_TEST_LOG ?? 'silent' }));
  const tcpPort = bridge.app.get(BoardTcpServer).port;
  const gateway = bridge.app.get(MQTT_GATEWAY) as { port?: number };
  const mqttPort = config.mqttMode === 'embedded' ? gateway.port : undefined;
  const metrics = bridge.app.get(BridgeMetrics);
  return {
    bridge, tcpPort, httpPort: bridge.httpPort, mqttPort, metrics,
    mqttUrl: config.MQTT_URL ?? `mqtt://127.0.0.1:${mqttPort}`,
    uploadUrl: `http://127.0.0.1:${bridge.httpPort}/upload`,
    metric: async (name, labels = {}) => {
      const m = await metrics.registry.getSingleMetric(name)?.get();
      const match = m?.values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)) ?? [];
      return match.reduce((sum, v) => sum + v.value, 0);
    },
    close: () => bridge.close(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true or the timeout passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'):
  Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}
