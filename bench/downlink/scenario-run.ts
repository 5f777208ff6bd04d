import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { BENCH_COMMAND, boardIds, buildCommands } from './commands';
import { CpuWindow, type CpuShares } from './cpu';
import { type BatchResult, PathProbe, runBatch } from './paths';
import type { Topology } from './scenarios';
import { SimBoard } from './sim-board';

export interface ScenarioSettings {
  rate: number;
  seconds: number;
  boards: number;
  seed: number;
  /** Unique per run: goes into requestIds and the baseline topic. */
  runId: string;
  /** MQTT_BASE_TOPIC of the bridges. */
  baseTopic: string;
  /** Untimed warm-up of each path before the measured batch (JIT, connection pools); default 1 s. */
  warmupSeconds?: number;
}

export interface PathResult extends BatchResult {
  /** % of one core per process while this path's measured batch ran. */
  cpu: CpuShares;
}

export interface ScenarioResult {
  key: Topology['key'];
  label: string;
  boards: number;
  targetP99Ms: number;
  /** Bridge p99 within the target (timing only; loss is reported apart); null when nothing arrived. */
  targetMet: boolean | null;
  bridge: PathResult;
  baseline: PathResult;
  /** Bridge latency / baseline latency through the same broker(s). */
  ratio: { p50: number | null; p99: number | null };
  /** Frames or messages that named no open batch, and frames the boards could not decode. */
  foreign: { boards: number; baseline: number; badFrames: number };
}

/** The bench's side of one scenario: publisher, baseline subscriber, simulated boards. */
interface Rig {
  publisher: MqttClient;
  subscriber: MqttClient;
  boards: SimBoard[];
  bridge: PathProbe;
  baseline: PathProbe;
}

async function openRig(t: Topology, s: ScenarioSettings): Promise<Rig> {
  const ids = boardIds(s.boards);
  const baselineBase = `dl-baseline-${s.runId}`;
  const bridge = new PathProbe('bridge', ids.map((id) => `${s.baseTopic}/${id}/command/${BENCH_COMMAND}`));
  const baseline = new PathProbe('baseline', ids.map((id) => `${baselineBase}/${id}/command/${BENCH_COMMAND}`));
  const publisher = await mqtt.connectAsync(t.publishUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  const subscriber = await mqtt.connectAsync(t.baselineUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  subscriber.on('message', (_topic, payload) => {
    const t0 = performance.now();
    // Parsed like the board path's frames are (FrameDecoder JSON.parse), so both sides do the same work.
    const { keyword } = JSON.parse(payload.toString()) as { keyword: string };
    baseline.arrive(keyword, t0);
  });
  await subscriber.subscribeAsync(`${baselineBase}/#`, { qos: 1 });
  const boards: SimBoard[] = [];
  const rig = { publisher, subscriber, boards, bridge, baseline };
  try {
    for (const id of ids) boards.push(await SimBoard.connect(t.boardPort, id, (_cmd, text, at) => bridge.arrive(text, at)));
  } catch (err) {
    await closeRig(rig);
    throw err;
  }
  return rig;
}

async function closeRig(rig: Rig): Promise<void> {
  rig.boards.forEach((b) => b.close());
  await Promise.all([rig.publisher.endAsync(), rig.subscriber.endAsync()]);
}

/** One command per board must arrive before anything is timed: sessions are open and claimed. */
async function probe(rig: Rig, s: ScenarioSettings): Promise<void> {
  for (const path of [rig.bridge, rig.baseline]) {
    const cmds = buildCommands({ count: s.boards, boards: s.boards, seed: s.seed + 2, phase: 'p', runId: s.runId, spread: true });
    const { stats } = await runBatch(rig.publisher, path, 'p', cmds, s.rate);
    if (stats.lost > 0) throw new Error(`${path.name} probe: ${stats.unique} of ${stats.sent} commands arrived`);
  }
}

async function measure(rig: Rig, path: PathProbe, s: ScenarioSettings, pids: Topology['pids']): Promise<PathResult> {
  const count = Math.max(1, Math.round(s.rate * s.seconds));
  const cmds = buildCommands({ count, boards: s.boards, seed: s.seed, phase: 'm', runId: s.runId });
  const cpu = new CpuWindow(pids);
  const result = await runBatch(rig.publisher, path, 'm', cmds, s.rate);
  return { ...result, cpu: cpu.finish() };
}

const ratio = (a: number | null, b: number | null): number | null =>
  (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);

/** Probe, warm up both paths, then time the bridge path and the baseline with the same commands. */
export async function runScenario(t: Topology, s: ScenarioSettings): Promise<ScenarioResult> {
  const rig = await openRig(t, s);
  try {
    await probe(rig, s);
    const warm = Math.max(1, Math.round(s.rate * (s.warmupSeconds ?? 1)));
    for (const path of [rig.bridge, rig.baseline]) {
      await runBatch(rig.publisher, path, 'w', buildCommands({ count: warm, boards: s.boards, seed: s.seed + 1, phase: 'w',
        runId: s.runId }), s.rate);
    }
    const bridge = await measure(rig, rig.bridge, s, t.pids);
    const baseline = await measure(rig, rig.baseline, s, t.pids);
    const [b, base] = [bridge.stats.latencyMs, baseline.stats.latencyMs];
    return {
      key: t.key, label: t.label, boards: s.boards, targetP99Ms: t.targetP99Ms,
      targetMet: b.p99 === null ? null : b.p99 <= t.targetP99Ms, bridge, baseline,
      ratio: { p50: ratio(b.p50, base.p50), p99: ratio(b.p99, base.p99) },
      foreign: { boards: rig.bridge.foreign, baseline: rig.baseline.foreign,
        badFrames: rig.boards.reduce((n, x) => n + x.badFrames, 0) },
    };
  } finally {
    await closeRig(rig);
  }
}
