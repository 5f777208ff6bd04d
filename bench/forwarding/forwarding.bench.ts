/**
 * Forwarding throughput (docs/forwarding.md): events per second a bridge delivers to a local HTTP
 * receiver in round-robin mode with its queue in Redis (and, for reference, in memory), next to a bare
 * undici client posting the same bodies to the same receiver in the same run, so the ratio holds across
 * machines. The bridge's figure includes its whole uplink (TCP frames in, dedup, MQTT publication), so
 * the same bridge without forwarding rules is measured too (events/s published to MQTT). A benchmark,
 * not a test: it only throws when an event goes missing.
 *
 *   npm run bench:forwarding                        # 10k events × 3 rounds, 50 boards
 *   npm run bench:forwarding -- --events 2000 --rounds 1
 */
import { resolve } from 'node:path';
import { type ForwardingBenchArgs, readArgs } from './bench-args';
import { baselineRun } from './baseline';
import { bridgeRun, type Services, startBridge, startServices } from './bridge-run';
import { mqttCounter } from './mqtt-counter';
import { type Receiver, startReceiver } from './receiver';
import { buildReport, formatReport, saveReport } from './report';
import { boardMessages, eventBodies } from './workload';

const REPO_ROOT = resolve(__dirname, '..', '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Path = 'redis' | 'memory' | 'ingest-only';

/** Rounds of one path on one bridge process: a warm-up, then `rounds` timed runs of fresh messages. */
async function measureBridge(path: Path, tag: string, args: ForwardingBenchArgs, rx: Receiver, s: Services): Promise<number[]> {
  const devIds = boardMessages(args.boards, args.boards, tag).map((m) => m.devId);
  const b = await startBridge(tag, rx, s, path === 'redis', args.connections, devIds, path !== 'ingest-only');
  const mqtt = path === 'ingest-only' ? await mqttCounter(s.mosquittoUrl, `${tag}/+/event/sms_received`) : undefined;
  const counter = mqtt ? { count: async () => mqtt.count() } : rx;
  const round = (r: number, n: number) => boardMessages(n, args.boards, tag)
    .map((m, i) => ({ ...m, msg: { ...m.msg, smsTm: 1_800_000_000_000 + r * 1e7 + i } }));
  try {
    await bridgeRun(b, counter, round(99, Math.min(args.events, 1000)));
    const out: number[] = [];
    for (let r = 0; r < args.rounds; r++) out.push(await bridgeRun(b, counter, round(r, args.events)));
    return out;
  } finally {
    await mqtt?.close();
    await b.stop();
  }
}

async function measureBaseline(args: ForwardingBenchArgs, rx: Receiver, tag: string): Promise<{ runs: number[]; bodyBytes: number }> {
  const bodies = eventBodies(boardMessages(args.events, args.boards, tag));
  await baselineRun(rx.url, bodies.slice(0, 1000), args.connections, args.boards);
  const runs: number[] = [];
  for (let r = 0; r < args.rounds; r++) runs.push(await baselineRun(rx.url, bodies, args.connections, args.boards));
  return { runs, bodyBytes: median(bodies.map((b) => b.length)) };
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const services = await startServices();
  const rx = await startReceiver();
  try {
    const tag = `fb${process.pid}`;
    const redis = await measureBridge('redis', `${tag}r`, args, rx, services);
    const memory = await measureBridge('memory', `${tag}m`, args, rx, services);
    const ingest = await measureBridge('ingest-only', `${tag}i`, args, rx, services);
    const baseline = await measureBaseline(args, rx, tag);
    const report = buildReport(args, { redis, memory, ingest, baseline: baseline.runs }, baseline.bodyBytes);
    process.stdout.write(`${formatReport(report, saveReport(report, REPO_ROOT))}\n`);
  } finally {
    await rx.stop();
    await services.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:forwarding failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
