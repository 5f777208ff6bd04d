import { join } from 'node:path';
import { BridgeProcess } from '../../test/helpers/bridge-process';
import { servicesDir } from '../../test/setup/services';
import { BenchChild, wallMs } from '../common/child';
import { quantile, ratio } from '../common/stats';
import type { SessionsArgs } from './args';
import type { SessionClients } from './clients';
import { bridgeMemory, type MemorySample, metricValue, sleep, waitForMetrics } from './probes';
import type { BoardSlot } from './session-client';

export interface HoldResult {
  server: 'bridge' | 'bare';
  /** Sockets open (bare) or sessions that got `now` (bridge) when memory was read. */
  sessions: number;
  failed: number;
  /** Open boards whose socket was closed by the server before memory was read. */
  dropped: number;
  before: MemorySample;
  after: MemorySample;
  rssPerSessionKiB: number;
  heapPerSessionKiB: number;
}

export interface StormResult {
  boards: number;
  seconds: number;
  limitMs: number;
  withinLimit: number;
  late: number;
  failed: number;
  /** Share of the storm's boards that got `now` within the limit, %. */
  sharePct: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** First to last connect() call: the storm really was that dense. */
  connectSpanMs: number;
}

const MEM_PROBE = join(__dirname, 'mem-probe.cjs');

const perSessionKiB = (a: number, b: number, n: number): number => Math.round(((b - a) / 1024 / Math.max(n, 1)) * 100) / 100;

function holdResult(server: HoldResult['server'], sessions: number, failed: number, dropped: number,
  before: MemorySample, after: MemorySample): HoldResult {
  return { server, sessions, failed, dropped, before, after,
    rssPerSessionKiB: perSessionKiB(before.rss, after.rss, sessions),
    heapPerSessionKiB: perSessionKiB(before.heapUsed, after.heapUsed, sessions) };
}

/** Contiguous shares of `ids`, one per client process. */
function split(ids: string[], parts: number): BoardSlot[][] {
  const size = Math.ceil(ids.length / parts);
  return Array.from({ length: parts }, (_, i) => ids.slice(i * size, (i + 1) * size).map((devId) => ({ devId })));
}

const ids = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => `${prefix}${String(from + i).padStart(5, '0')}`);

type BareMessage = { kind: 'listening'; port: number } | { kind: 'memory'; memory: MemorySample; sockets: number; bytes: number }
  | { kind: 'error'; message: string };

/** The baseline: a bare Node TCP server holding the same number of sockets, each board pinging once. */
export async function holdBare(clients: SessionClients, args: SessionsArgs, tag: string): Promise<HoldResult> {
  const bare = BenchChild.start<BareMessage>('bare-tcp-server', join(__dirname, 'bare-server.ts'), ['--expose-gc']);
  try {
    const { port } = await bare.request({ kind: 'listen' }, 'listening', 20_000);
    const before = (await bare.request({ kind: 'memory' }, 'memory')).memory;
    const out = await clients.connect(port, split(ids(`${tag}b`, 0, args.sessions), clients.count), false, 20_000);
    const pinged = await clients.ping(args['ping-seconds'] * 1000);
    await sleep(1000);
    const after = await bare.request({ kind: 'memory' }, 'memory');
    await clients.closeAll();
    return holdResult('bare', after.sockets, out.failed, pinged.dropped, before, after.memory);
  } finally {
    await bare.stop();
  }
}

function stormResult(times: (number | null)[], args: SessionsArgs, span: number): StormResult {
  const limitMs = args['handshake-limit-ms'];
  const got = times.filter((t): t is number => t !== null);
  const within = got.filter((t) => t <= limitMs).length;
  const q = (p: number) => (got.length ? Math.round(quantile(got, p) * 10) / 10 : null);
  return { boards: times.length, seconds: args['storm-seconds'], limitMs, withinLimit: within, late: got.length - within,
    failed: times.length - got.length, sharePct: Math.round((within / Math.max(times.length, 1)) * 10_000) / 100,
    p50Ms: q(0.5), p99Ms: q(0.99), maxMs: got.length ? Math.round(Math.max(...got)) : null, connectSpanMs: Math.round(span) };
}

/** The connect storm: storm board j connects at start + j × (seconds / boards), round-robin over the processes. */
async function storm(clients: SessionClients, port: number, args: SessionsArgs, tag: string): Promise<StormResult> {
  const gap = (args['storm-seconds'] * 1000) / args.storm;
  const start = wallMs() + 500;
  const shares: BoardSlot[][] = Array.from({ length: clients.count }, () => []);
  ids(`${tag}s`, 0, args.storm).forEach((devId, j) => shares[j % clients.count].push({ devId, at: start + j * gap }));
  const out = await clients.connect(port, shares, true, 30_000);
  return stormResult(out.times, args, (args.storm - 1) * gap);
}

export interface BridgeHold {
  hold: HoldResult;
  storm?: StormResult;
}

/** The bridge: storm first (on an empty bridge), then the remaining sessions as fast as they open, pings, memory. */
export async function holdBridge(clients: SessionClients, args: SessionsArgs, tag: string): Promise<BridgeHold> {
  const memFile = join(servicesDir(), `${tag}-memory.json`);
  const limit = String(args.sessions + 1000);
  const env = { TCP_MAX_SESSIONS: limit, TCP_MAX_SESSIONS_PER_ADDRESS: limit, MQTT_BASE_TOPIC: tag, BENCH_MEM_FILE: memFile };
  const bridge = await BridgeProcess.start({ instanceId: tag, env, nodeArgs: ['--expose-gc', '-r', MEM_PROBE] });
  try {
    await sleep(1000);
    const before = await bridgeMemory(bridge.pid, memFile);
    const stormed = args.storm > 0 ? await storm(clients, bridge.tcpPort, args, tag) : undefined;
    const rest = await clients.connect(bridge.tcpPort, split(ids(`${tag}f`, 0, args.sessions - args.storm), clients.count), true, 20_000);
    const opened = (stormed ? stormed.boards - stormed.failed : 0) + rest.ok;
    const pinged = await clients.ping(args['ping-seconds'] * 1000);
    // Memory is read once the bridge has handled every hello and ping it was sent.
    const text = await waitForMetrics(bridge.httpUrl, (t) => (metricValue(t, 'bridge_frames_received_total') ?? 0) >= 2 * opened, 60_000);
    const sessions = metricValue(text, 'bridge_sessions', 'transport="tcp"') ?? opened;
    const after = await bridgeMemory(bridge.pid, memFile);
    await clients.closeAll();
    return { hold: holdResult('bridge', sessions, (stormed?.failed ?? 0) + rest.failed, pinged.dropped, before, after),
      ...(stormed ? { storm: stormed } : {}) };
  } finally {
    await bridge.stop();
  }
}

export function memoryRatio(bridge: HoldResult, bare: HoldResult): { rss: number | null; heap: number | null } {
  return { rss: ratio(bridge.rssPerSessionKiB, bare.rssPerSessionKiB), heap: ratio(bridge.heapPerSessionKiB, bare.heapPerSessionKiB) };
}
