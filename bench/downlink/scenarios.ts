import { BridgeProcess } from '../../test/helpers/bridge-process';
import type { ScenarioKey } from './bench-args';

/** Where the shared services of the multi-instance scenarios are (private to the run, or the test suite's). */
export interface ServiceUrls {
  redisUrl: string;
  /** Absent when mosquitto is not installed: scenario c is skipped. */
  mosquittoUrl?: string;
  /** Service processes whose CPU the report shows. */
  pids?: Record<string, number | undefined>;
}

/** A running topology: where commands are published, where boards connect, where the baseline listens. */
export interface Topology {
  key: ScenarioKey;
  label: string;
  /** The command publisher (and the baseline publisher) connects here. */
  publishUrl: string;
  /** The simulated boards connect here (the instance that holds their sessions). */
  boardPort: number;
  /** The baseline subscriber connects here: the broker the boards' bridge reads from. */
  baselineUrl: string;
  /** Bridge and service processes, for the CPU figures. */
  pids: Record<string, number | undefined>;
  /** p99 target of the issue: 5 ms on one instance, 10 ms across instances. */
  targetP99Ms: number;
  stop(): Promise<void>;
}

export interface TopologyOptions {
  /** Makes Redis keys and the MQTT shared group unique, so runs sharing a Redis or broker stay apart. */
  tag: string;
  baseTopic?: string;
}

const LABELS: Record<ScenarioKey, string> = {
  a: 'one instance, embedded broker, state in memory',
  b: 'two instances, embedded brokers clustered through Redis: publisher on A, boards on B',
  c: 'two instances on an external Mosquitto sharing Redis: publisher on Mosquitto, boards on B ' +
    '(the shared subscription gives A about half the commands, which cross through Redis)',
};

async function startBridges(ids: string[], env: Record<string, string>): Promise<BridgeProcess[]> {
  const started = await Promise.allSettled(ids.map((instanceId) => BridgeProcess.start({ instanceId, env })));
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(ok.map((b) => b.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  return ok;
}

function stopAll(bridges: BridgeProcess[]): () => Promise<void> {
  return async () => {
    await Promise.all(bridges.map((b) => b.stop()));
  };
}

/** Starts the bridges of scenario `key` as separate processes and says how the bench reaches them. */
export async function startTopology(key: ScenarioKey, services: ServiceUrls, o: TopologyOptions): Promise<Topology> {
  const common = {
    MQTT_BASE_TOPIC: o.baseTopic ?? 'boards',
    // The bench's MQTT clients connect without credentials, which the embedded broker refuses unless allowed.
    MQTT_ALLOW_ANONYMOUS: 'true',
    // A simulated board answers every command, so at 1000/s over few boards it sends more frames than a real
    // one ever does (100/s per session by default): lift the uplink throttle, which is not what is measured.
    TCP_MAX_FRAMES_PER_SEC: '1000000',
  };
  const base = { key, label: LABELS[key] };
  if (key === 'a') {
    const [a] = await startBridges([`${o.tag}-a`], common);
    return { ...base, publishUrl: a.mqttUrl, boardPort: a.tcpPort, baselineUrl: a.mqttUrl, targetP99Ms: 5,
      pids: { bridgeA: a.pid }, stop: stopAll([a]) };
  }
  const shared = { ...common, REDIS_URL: services.redisUrl, REDIS_KEY_PREFIX: `${o.tag}${key}:` };
  if (key === 'b') {
    const [a, b] = await startBridges([`${o.tag}-a`, `${o.tag}-b`], shared);
    return { ...base, publishUrl: a.mqttUrl, boardPort: b.tcpPort, baselineUrl: b.mqttUrl, targetP99Ms: 10,
      pids: { bridgeA: a.pid, bridgeB: b.pid, redis: services.pids?.redis }, stop: stopAll([a, b]) };
  }
  const mqttUrl = services.mosquittoUrl;
  if (!mqttUrl) throw new Error('scenario c needs mosquitto');
  const [a, b] = await startBridges([`${o.tag}-a`, `${o.tag}-b`],
    { ...shared, MQTT_URL: mqttUrl, MQTT_SHARED_GROUP: `${o.tag}${key}` });
  return { ...base, publishUrl: mqttUrl, boardPort: b.tcpPort, baselineUrl: mqttUrl, targetP99Ms: 10,
    pids: { bridgeA: a.pid, bridgeB: b.pid, ...services.pids }, stop: stopAll([a, b]) };
}
