import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { localDate } from '../../libs/board-protocol/bench/report';
import type { DownlinkArgs } from './bench-args';
import type { ScenarioResult } from './scenario-run';

/** Everything a run measured, as written to bench/results (and read back by whoever compares runs). */
export interface DownlinkReport {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cpuCount: number;
  /** 1, 5 and 15 minute load averages when the run started: above the core count, the machine was shared. */
  loadAvgAtStart: number[];
  args: DownlinkArgs;
  /** What is timed, and what shares the machine while it is. */
  method: string[];
  scenarios: ScenarioResult[];
  skipped: { key: string; reason: string }[];
}

export function methodNotes(cpuCount: number, mosquittoNagle: boolean): string[] {
  return [
    'latency = performance.now() just before MQTT publish (QoS 1) → the read that brought the board frame in, one clock',
    'command: querysms (requestId, offset, limit, keyword, slot); the keyword carries the sequence number back in p3',
    'boards answer `now` and every command with {"code":0,"type":999,tid} at once (ackOnly)',
    'baseline: the same payloads, publisher and broker(s), received by an MQTT.js subscriber on the boards\' side',
    'per path: probe (one command per board) and 1 s warm-up, untimed; then rate × seconds timed commands',
    `publisher, boards and baseline subscriber share the bench process; with the bridges, Redis and Mosquitto ` +
      `that is 3–5 busy processes on ${cpuCount} core(s), so they compete for CPU`,
    `bridges get MQTT_ALLOW_ANONYMOUS=true and TCP_MAX_FRAMES_PER_SEC=1000000 (boards acking 100+/s are not flooding); ` +
      `private Mosquitto with set_tcp_nodelay ${mosquittoNagle ? 'false (its default, --mosquitto-nagle)' : 'true'}`,
  ];
}

export function buildReport(args: DownlinkArgs, scenarios: ScenarioResult[], skipped: DownlinkReport['skipped'],
  loadAvgAtStart: number[]): DownlinkReport {
  return {
    date: localDate(), node: process.version, platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown', cpuCount: cpus().length,
    loadAvgAtStart: loadAvgAtStart.map((l) => Math.round(l * 100) / 100),
    args, method: methodNotes(cpus().length, args.mosquittoNagle), scenarios, skipped,
  };
}

/** Writes `<repoRoot>/bench/results/<date>-downlink.json`; returns its path relative to the repo root. */
export function saveReport(report: DownlinkReport, repoRoot: string): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.date}-downlink.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return relative(repoRoot, file);
}
