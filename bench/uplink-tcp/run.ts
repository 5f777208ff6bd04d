import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BridgeProcess } from '../../test/helpers/bridge-process';
import { wallMs } from '../common/child';
import { newestProfile, type ProfileSummary, summariseProfile } from '../common/cpu-profile';
import { CpuWindow } from '../common/proc';
import { REPO_ROOT } from '../common/results';
import type { PrivateServices } from '../common/services';
import { median, ratio } from '../common/stats';
import { type BatchStats, CountingSubscriber } from '../common/subscriber';
import type { UplinkMode, UplinkTcpArgs } from './args';
import { UplinkBaseline } from './baseline';
import { BoardClients } from './clients';
import { type BatchPlan, batchSize, boardIds, eventFilters } from './workload';

export interface RoundResult {
  batch: number;
  events: number;
  /** From the start signal to the subscriber's last event of the batch. */
  seconds: number;
  /** Unique events at the subscriber per second. */
  eventsPerSec: number;
  stats: BatchStats;
  /** % of one core per process while the round ran. */
  cpu: Record<string, number | null>;
}

export interface ModeResult {
  mode: UplinkMode;
  label: string;
  baselineLabel: string;
  bridge: RoundResult[];
  baseline: RoundResult[];
  median: { bridge: number; baseline: number };
  ratio: number | null;
  target: number;
  met: boolean | null;
  profile?: ProfileSummary;
}

const LABELS: Record<UplinkMode, [string, string, number]> = {
  embedded: ['bridge, embedded aedes, dedup in memory', 'aedes alone: in-process broker.publish() QoS 1', 0.5],
  external: ['bridge → Mosquitto, Redis dedup on', 'bare MQTT.js QoS 1 publisher → the same Mosquitto', 0.6],
};

interface Rig {
  tag: string;
  bridge: BridgeProcess;
  baseline: UplinkBaseline;
  subBridge: CountingSubscriber;
  subBaseline: CountingSubscriber;
  clients: BoardClients;
  cleanup: (() => Promise<unknown>)[];
}

function bridgeEnv(mode: UplinkMode, s: PrivateServices, tag: string): Record<string, string> {
  const common = {
    MQTT_BASE_TOPIC: tag, LOG_LEVEL: 'warn',
    // Simulated boards send far more than a real board (100 frames/s by default); the throttle is not measured.
    TCP_MAX_FRAMES_PER_SEC: '1000000', TCP_FRAME_BURST: '1000000',
    // Every bench board connects from 127.0.0.1 (issue 6 limits).
    TCP_MAX_SESSIONS: '100000', TCP_MAX_SESSIONS_PER_ADDRESS: '100000',
  };
  if (mode === 'embedded') return common;
  return { ...common, MQTT_URL: s.mosquittoUrl, REDIS_URL: s.redisUrl, REDIS_KEY_PREFIX: `${tag}:`, MQTT_SHARED_GROUP: tag };
}

async function openRig(mode: UplinkMode, args: UplinkTcpArgs, s: PrivateServices, tag: string, profileDir?: string): Promise<Rig> {
  const cleanup: Rig['cleanup'] = [];
  const track = <T extends { stop(): Promise<unknown> }>(x: T): T => {
    cleanup.unshift(() => x.stop());
    return x;
  };
  try {
    const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const bridge = track(await BridgeProcess.start({ instanceId: tag, env: bridgeEnv(mode, s, tag), nodeArgs }));
    const baseline = track(mode === 'embedded' ? await UplinkBaseline.aedes() : await UplinkBaseline.mqtt(s.mosquittoUrl));
    const filters = eventFilters(tag);
    const subBridge = track(await CountingSubscriber.start('subscriber', mode === 'embedded' ? bridge.mqttUrl : s.mosquittoUrl, filters));
    const subBaseline = mode === 'embedded'
      ? track(await CountingSubscriber.start('baseline-subscriber', baseline.brokerUrl, filters)) : subBridge;
    const clients = track(BoardClients.start(args.clients));
    await clients.connect(bridge.tcpPort, boardIds(tag, args.boards));
    return { tag, bridge, baseline, subBridge, subBaseline, clients, cleanup };
  } catch (err) {
    for (const stop of cleanup) await stop().catch(() => undefined);
    throw err;
  }
}

function roundResult(plan: BatchPlan, t0: number, stats: BatchStats, cpu: RoundResult['cpu']): RoundResult {
  const end = stats.doneAt ?? stats.lastAt ?? t0;
  const seconds = (end - t0) / 1000;
  return { batch: plan.batch, events: batchSize(plan), seconds: Math.round(seconds * 1000) / 1000,
    eventsPerSec: seconds > 0 ? Math.round(stats.unique / seconds) : 0, stats, cpu };
}

async function bridgeRound(rig: Rig, plan: BatchPlan, args: UplinkTcpArgs, s: PrivateServices): Promise<RoundResult> {
  await rig.clients.prepare(plan, args['frames-per-write']);
  await rig.subBridge.expect(plan.batch, batchSize(plan));
  const cpu = new CpuWindow({ bridge: rig.bridge.pid, subscriber: rig.subBridge.pid, ...rig.clients.pids, ...s.pids });
  const t0 = wallMs();
  await rig.clients.go();
  const stats = await rig.subBridge.wait(plan.batch);
  return roundResult(plan, t0, stats, cpu.finish());
}

async function baselineRound(rig: Rig, plan: BatchPlan, s: PrivateServices): Promise<RoundResult> {
  await rig.baseline.prepare(plan, rig.tag, rig.tag);
  await rig.subBaseline.expect(plan.batch, batchSize(plan));
  const cpu = new CpuWindow({ baseline: rig.baseline.pid, subscriber: rig.subBaseline.pid, ...s.pids });
  const t0 = wallMs();
  await rig.baseline.go();
  const stats = await rig.subBaseline.wait(plan.batch);
  return roundResult(plan, t0, stats, cpu.finish());
}

/** Fresh batch numbers per run, so no late event of one batch is counted in another. */
let nextBatch = 1;

function plan(args: UplinkTcpArgs, events: number): BatchPlan {
  return { batch: nextBatch++, boards: args.boards, perBoard: Math.max(1, Math.ceil(events / args.boards)),
    pingEvery: args['ping-every'] };
}

function summarise(mode: UplinkMode, bridge: RoundResult[], baseline: RoundResult[]): ModeResult {
  const [label, baselineLabel, target] = LABELS[mode];
  const m = { bridge: median(bridge.map((r) => r.eventsPerSec)), baseline: median(baseline.map((r) => r.eventsPerSec)) };
  const r = ratio(m.bridge, m.baseline);
  return { mode, label, baselineLabel, bridge, baseline, median: m, ratio: r, target, met: r === null ? null : r >= target };
}

/** One mode: warm-up, then `rounds` rounds of the bridge and of the baseline, alternating. */
export async function runMode(mode: UplinkMode, args: UplinkTcpArgs, s: PrivateServices, tag: string,
  log: (line: string) => void): Promise<ModeResult> {
  const profileDir = args.profile ? join(REPO_ROOT, 'bench', 'results', 'profiles', `${tag}-${mode}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const rig = await openRig(mode, args, s, tag, profileDir);
  const bridge: RoundResult[] = [];
  const baseline: RoundResult[] = [];
  try {
    log(`(${mode}) ${args.boards} boards connected; warm-up ${args.warmup} events per path`);
    await bridgeRound(rig, plan(args, args.warmup), args, s);
    await baselineRound(rig, plan(args, args.warmup), s);
    for (let r = 0; r < args.rounds; r += 1) {
      bridge.push(await bridgeRound(rig, plan(args, args.events), args, s));
      baseline.push(await baselineRound(rig, plan(args, args.events), s));
      log(`(${mode}) round ${r + 1}: bridge ${bridge[r].eventsPerSec} events/s, baseline ${baseline[r].eventsPerSec} events/s`);
    }
  } finally {
    for (const stop of rig.cleanup) await stop().catch(() => undefined);
  }
  const result = summarise(mode, bridge, baseline);
  const file = profileDir ? newestProfile(profileDir) : undefined;
  return file ? { ...result, profile: summariseProfile(file) } : result;
}
