import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every counter the bridge keeps. Labels never carry phone numbers, SMS text or board ids
 * (unbounded cardinality); kinds, transports and event names are bounded sets.
 */
export class BridgeMetrics {
  readonly registry = new Registry();
  readonly badInput = new Counter({ name: 'bridge_bad_input_total', help: 'Board input dropped, by kind',
    labelNames: ['transport', 'kind'], registers: [this.registry] });
  readonly framesReceived = new Counter({ name: 'bridge_frames_received_total', help: 'TCP frames decoded',
    registers: [this.registry] });
  readonly uploadsReceived = new Counter({ name: 'bridge_uploads_received_total', help: 'HTTP uploads received',
    labelNames: ['encoding'], registers: [this.registry] });
  readonly eventsPublished = new Counter({ name: 'bridge_events_published_total', help: 'Events published',
    labelNames: ['event'], registers: [this.registry] });
  readonly duplicates = new Counter({ name: 'bridge_duplicates_suppressed_total',
    help: 'Board messages seen again within the dedup window', registers: [this.registry] });
  readonly sessionsOpened = new Counter({ name: 'bridge_sessions_opened_total', help: 'Board sessions opened',
    labelNames: ['transport'], registers: [this.registry] });
  readonly sessionsClosed = new Counter({ name: 'bridge_sessions_closed_total', help: 'Board sessions closed',
    labelNames: ['transport', 'reason'], registers: [this.registry] });
  readonly sessions = new Gauge({ name: 'bridge_sessions', help: 'Open board sessions',
    labelNames: ['transport'], registers: [this.registry] });
  readonly commands = new Counter({ name: 'bridge_commands_total',
    help: 'Commands by final status (rejected, acknowledged, completed, failed, expired) and reason',
    labelNames: ['cmd', 'status', 'reason'], registers: [this.registry] });
  /** Read at scrape time from whatever the app registers with `measureSpool`. */
  private spoolSource: () => number = () => 0;
  readonly spoolDepth: Gauge = new Gauge({ name: 'bridge_spool_depth', help: 'Publications waiting for the broker',
    registers: [this.registry], collect: (): void => this.spoolDepth.set(this.spoolSource()) });
  readonly publishLatency = new Histogram({ name: 'bridge_ingest_seconds',
    help: 'Board message received → accepted by the broker or spooled', registers: [this.registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1] });

  readonly commandLatency = new Histogram({ name: 'bridge_command_seconds',
    help: 'Command latency by stage: accepted → written to the board (written), written → board answer (answered)',
    labelNames: ['stage'], registers: [this.registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5, 30] });
  private brokerSource: () => boolean = () => false;
  readonly brokerConnected: Gauge = new Gauge({ name: 'bridge_broker_connected', help: '1 while the MQTT broker is connected',
    registers: [this.registry], collect: (): void => this.brokerConnected.set(this.brokerSource() ? 1 : 0) });

  /** Connectivity read at scrape time; the Redis gauge exists only when Redis is configured. */
  measureConnectivity(broker: () => boolean, redis?: () => boolean): void {
    this.brokerSource = broker;
    if (!redis) return;
    const gauge: Gauge = new Gauge({ name: 'bridge_redis_connected', help: '1 while Redis is reachable',
      registers: [this.registry], collect: (): void => gauge.set(redis() ? 1 : 0) });
  }

  /**
   * Refusals of the embedded broker (docs/security-mqtt.md). No user label: connect refusals would carry
   * names chosen by whoever knocks (unbounded), and user names can be personal data; the log names them.
   */
  readonly mqttDenied = new Counter({ name: 'bridge_mqtt_denied_total',
    help: 'MQTT connects, publications and subscriptions refused by the embedded broker, by action and reason',
    labelNames: ['action', 'reason'], registers: [this.registry] });

  measureSpool(source: () => number): void {
    this.spoolSource = source;
  }

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
