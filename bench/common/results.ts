import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { localDate } from '../../libs/board-protocol/bench/report';
import type { SummaryRow } from './summary';

/** bench/common → repo root, whatever directory a bench is started from. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where and when a run happened: absolute figures mean something only next to this. */
export interface MachineInfo {
  date: string;
  startedAt: string;
  node: string;
  platform: string;
  cpu: string;
  cpuCount: number;
  memGiB: number;
  /** 1, 5 and 15 minute load averages at the start: above the core count, the machine was shared. */
  loadAvgAtStart: number[];
}

export function machineInfo(): MachineInfo {
  return {
    date: localDate(), startedAt: new Date().toISOString(), node: process.version,
    platform: `${process.platform}-${process.arch}`, cpu: cpus()[0]?.model.trim() ?? 'unknown', cpuCount: cpus().length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, loadAvgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Every results file of these benches has the machine, the arguments, the rows of the summary table. */
export interface ScenarioReport<A, R> {
  scenario: string;
  machine: MachineInfo;
  args: A;
  method: string[];
  results: R;
  summary: SummaryRow[];
}

/** Writes `bench/results/<date>-<scenario>.json`; returns its path relative to the repo root. */
export function saveResults(report: ScenarioReport<unknown, unknown>): string {
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.machine.date}-${report.scenario}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return relative(REPO_ROOT, file);
}

/** Progress lines go to stderr, so stdout holds only the report. */
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
