import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import type { ForwardingBenchArgs } from './bench-args';

export interface ForwardingReport {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cpuCount: number;
  args: ForwardingBenchArgs;
  medianBodyBytes: number;
  /** Median events/s of each path over the rounds. */
  medianEventsPerSec: { redisRoundRobin: number; memoryRoundRobin: number; ingestOnly: number; bareUndici: number };
  rounds: { redisRoundRobin: number[]; memoryRoundRobin: number[]; ingestOnly: number[]; bareUndici: number[] };
  /** Bridge throughput as a fraction of the bare client's (1 = as fast as posting the bodies directly). */
  ratio: { redisToBaseline: number; memoryToBaseline: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Local calendar date, as bench:protocol files its results. */
function localDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function buildReport(args: ForwardingBenchArgs,
  runs: { redis: number[]; memory: number[]; ingest: number[]; baseline: number[] }, medianBodyBytes: number): ForwardingReport {
  const m = { redisRoundRobin: Math.round(median(runs.redis)), memoryRoundRobin: Math.round(median(runs.memory)),
    ingestOnly: Math.round(median(runs.ingest)), bareUndici: Math.round(median(runs.baseline)) };
  return {
    date: localDate(), node: process.version, platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown', cpuCount: cpus().length, args, medianBodyBytes,
    medianEventsPerSec: m,
    rounds: { redisRoundRobin: runs.redis.map(Math.round), memoryRoundRobin: runs.memory.map(Math.round),
      ingestOnly: runs.ingest.map(Math.round), bareUndici: runs.baseline.map(Math.round) },
    ratio: { redisToBaseline: Number((m.redisRoundRobin / m.bareUndici).toFixed(3)),
      memoryToBaseline: Number((m.memoryRoundRobin / m.bareUndici).toFixed(3)) },
  };
}

export function saveReport(report: ForwardingReport, repoRoot: string): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.date}-forwarding.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return relative(repoRoot, file);
}

export function formatReport(r: ForwardingReport, savedTo: string): string {
  const m = r.medianEventsPerSec;
  return [
    `forwarding: ${r.args.events} events × ${r.args.rounds} rounds, ${r.args.boards} boards, ${r.args.connections} sockets, ` +
      `${r.medianBodyBytes} B bodies (${r.cpu}, ${r.cpuCount} CPUs, node ${r.node})`,
    `  bridge, round-robin, queue in Redis   ${String(m.redisRoundRobin).padStart(8)} events/s  ${r.rounds.redisRoundRobin.join(' / ')}`,
    `  bridge, round-robin, queue in memory  ${String(m.memoryRoundRobin).padStart(8)} events/s  ${r.rounds.memoryRoundRobin.join(' / ')}`,
    `  bridge without forwarding (TCP → MQTT) ${String(m.ingestOnly).padStart(7)} events/s  ${r.rounds.ingestOnly.join(' / ')}`,
    `  bare undici, same bodies (baseline)   ${String(m.bareUndici).padStart(8)} req/s     ${r.rounds.bareUndici.join(' / ')}`,
    `  ratio Redis / baseline ${r.ratio.redisToBaseline}, memory / baseline ${r.ratio.memoryToBaseline}`,
    `  saved to ${savedTo}`,
  ].join('\n');
}
