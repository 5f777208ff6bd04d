import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import type { BenchArgs } from './bench-args';
import type { CaseStats } from './timing';
import type { Workload } from './workload';

/** Everything a run measured, as written to bench/results (and read back by whoever compares runs). */
export interface BenchReport {
  date: string;
  node: string;
  v8: string;
  platform: string;
  cpu: string;
  cpuCount: number;
  frames: number;
  rounds: number;
  seed: number;
  workload: { streamBytes: number; reads: number; avgFrameBytes: number; mix: Record<string, number> };
  heapMB: { workloadRetained: number; peakAfterRound: Record<string, number> };
  medianFps: Record<string, number>;
  roundsFps: Record<string, number[]>;
  /** Library throughput as a fraction of the bare JSON.parse floor (1 = as fast as JSON.parse). */
  ratio: { pipelineToBaseline: number; decodeOnlyToBaseline: number };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const byKey = <T>(stats: readonly CaseStats[], f: (s: CaseStats) => T): Record<string, T> =>
  Object.fromEntries(stats.map((s) => [s.key, f(s)]));

/** Local calendar date, so a run just after midnight files under the day the reader sees. */
export function localDate(d = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function buildReport(args: BenchArgs, w: Workload, stats: CaseStats[], heapMB: number): BenchReport {
  const fps = byKey(stats, (s) => Math.round(s.medianFps));
  return {
    date: localDate(), node: process.version, v8: process.versions.v8, platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown', cpuCount: cpus().length,
    frames: args.frames, rounds: args.rounds, seed: args.seed,
    workload: { streamBytes: w.streamBytes, reads: w.chunks.length,
      avgFrameBytes: round1(w.streamBytes / args.frames), mix: w.mix },
    heapMB: { workloadRetained: round1(heapMB), peakAfterRound: byKey(stats, (s) => round1(s.peakHeapMB)) },
    medianFps: fps,
    roundsFps: byKey(stats, (s) => s.roundsFps.map(Math.round)),
    ratio: {
      pipelineToBaseline: Number((fps.pipeline / fps.jsonParse).toFixed(4)),
      decodeOnlyToBaseline: Number((fps.decodeOnly / fps.jsonParse).toFixed(4)),
    },
  };
}

/** Writes `<repoRoot>/bench/results/<date>-protocol.json`; returns its path relative to the repo root. */
export function saveReport(report: BenchReport, repoRoot: string): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.date}-protocol.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return relative(repoRoot, file);
}
