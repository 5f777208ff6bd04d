import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BridgeProcess } from '../../test/helpers/bridge-process';
import { servicesDir } from '../../test/setup/services';
import { BenchChild } from '../common/child';
import { CpuWindow } from '../common/proc';
import { median, ratio } from '../common/stats';
import { type BatchStats, CountingSubscriber } from '../common/subscriber';
import type { UplinkHttpArgs } from './args';
import type { GeneratorCommand, GeneratorResult } from './generator';
import { registryJson, type UploadKind } from './uploads';

type GeneratorMessage = { kind: 'prepared'; count: number } | { kind: 'ran'; result: GeneratorResult } | { kind: 'error'; message: string };
type BareMessage = { kind: 'listening'; url: string } | { kind: 'error'; message: string };

export interface HttpRound {
  batch: number;
  uploadsPerSec: number;
  seconds: number;
  generator: GeneratorResult;
  /** Events the subscriber counted (bridge rounds only). */
  events?: BatchStats;
  cpu: Record<string, number | null>;
}

export interface EncodingResult {
  encoding: UploadKind;
  bridge: HttpRound[];
  baseline: HttpRound[];
  median: { bridge: number; baseline: number };
  ratio: number | null;
  target: number;
  met: boolean | null;
}

export interface HttpRig {
  tag: string;
  bridge: BridgeProcess;
  bareUrl: string;
  bare: BenchChild<BareMessage>;
  generator: BenchChild<GeneratorMessage>;
  subscriber: CountingSubscriber;
  stop(): Promise<void>;
}

export const HTTP_TARGET = 0.5;

/** Bridge (embedded broker, AES key in BOARDS_FILE, HTTP rate limit off), bare fastify, generator, subscriber. */
export async function openHttpRig(tag: string, profileDir?: string): Promise<HttpRig> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const file = join(servicesDir(), `${tag}-boards.json`);
    writeFileSync(file, registryJson());
    // Every upload comes from 127.0.0.1: the per-source request limit (issue 6) would measure itself.
    const env = { BOARDS_FILE: file, MQTT_BASE_TOPIC: tag, HTTP_RATE_PER_SEC: '0', LOG_LEVEL: 'warn' };
    const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const bridge = await BridgeProcess.start({ instanceId: tag, env, nodeArgs });
    stops.push(() => bridge.stop());
    const bare = BenchChild.start<BareMessage>('fastify-baseline', join(__dirname, 'bare-server.ts'));
    stops.push(() => bare.stop());
    const { url: bareUrl } = await bare.request({ kind: 'listen' }, 'listening', 20_000);
    const generator = BenchChild.start<GeneratorMessage>('http-generator', join(__dirname, 'generator.ts'));
    stops.push(() => generator.stop());
    const subscriber = await CountingSubscriber.start('subscriber', bridge.mqttUrl, [`${tag}/+/event/sms_received`]);
    stops.push(() => subscriber.stop());
    return { tag, bridge, bareUrl, bare, generator, subscriber, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

let nextBatch = 1;

/** One run of the generator against the bridge or the bare route; bridge runs are also counted at MQTT. */
export async function httpRound(rig: HttpRig, path: 'bridge' | 'baseline', encoding: UploadKind, count: number,
  args: Pick<UplinkHttpArgs, 'boards' | 'connections' | 'baseline-factor'>): Promise<HttpRound> {
  const batch = nextBatch++;
  const prepare: GeneratorCommand = { kind: 'prepare', upload: encoding, tag: rig.tag, batch, count, boards: args.boards };
  await rig.generator.request(prepare, 'prepared', 120_000);
  if (path === 'bridge') await rig.subscriber.expect(batch, count);
  const server = path === 'bridge' ? { bridge: rig.bridge.pid, subscriber: rig.subscriber.pid } : { fastify: rig.bare.pid };
  const cpu = new CpuWindow({ ...server, generator: rig.generator.pid });
  const url = path === 'bridge' ? rig.bridge.httpUrl : rig.bareUrl;
  const amount = path === 'bridge' ? count : count * args['baseline-factor'];
  const run: GeneratorCommand = { kind: 'run', url, connections: args.connections, amount };
  const { result } = await rig.generator.request(run, 'ran', 600_000);
  const usage = cpu.finish();
  const events = path === 'bridge' ? await rig.subscriber.wait(batch, 5000) : undefined;
  const seconds = (result.endAt - result.startAt) / 1000;
  return { batch, uploadsPerSec: Math.round(result.ok / seconds), seconds: Math.round(seconds * 1000) / 1000,
    generator: result, ...(events ? { events } : {}), cpu: usage };
}

/** Warm-up, then the rounds of one encoding, bridge and bare route alternating. */
export async function runEncoding(rig: HttpRig, encoding: UploadKind, args: UplinkHttpArgs,
  log: (line: string) => void): Promise<EncodingResult> {
  await httpRound(rig, 'bridge', encoding, args.warmup, args);
  await httpRound(rig, 'baseline', encoding, args.warmup, args);
  const bridge: HttpRound[] = [];
  const baseline: HttpRound[] = [];
  for (let r = 0; r < args.rounds; r += 1) {
    bridge.push(await httpRound(rig, 'bridge', encoding, args.uploads, args));
    baseline.push(await httpRound(rig, 'baseline', encoding, args.uploads, args));
    log(`(${encoding}) round ${r + 1}: bridge ${bridge[r].uploadsPerSec} uploads/s, bare fastify ${baseline[r].uploadsPerSec}/s`);
  }
  const m = { bridge: median(bridge.map((x) => x.uploadsPerSec)), baseline: median(baseline.map((x) => x.uploadsPerSec)) };
  const q = ratio(m.bridge, m.baseline);
  return { encoding, bridge, baseline, median: m, ratio: q, target: HTTP_TARGET, met: q === null ? null : q >= HTTP_TARGET };
}
