/**
 * Command latency of the bridge (bridge-contract §4): querysms commands published on MQTT at a fixed rate,
 * each timed from just before the publish to the moment its frame reaches a simulated board on TCP, next
 * to a same-run baseline (the same publications through the same broker(s) to an MQTT.js subscriber).
 * Bridges, Redis and Mosquitto run as separate processes started here and stopped at the end. A
 * benchmark, not a test: it prints whether the p99 targets are met but never fails on timing.
 *
 *   npm run bench:downlink                                   # 1000/s × 10 s, 10 boards, scenarios a, b, c
 *   npm run bench:downlink -- --rate 200 --seconds 3 --scenarios a,b   # quick run
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { readDownlinkArgs, type ScenarioKey } from './bench-args';
import { buildReport, type DownlinkReport, saveReport } from './report';
import { runScenario, type ScenarioResult } from './scenario-run';
import { startTopology } from './scenarios';
import { type PrivateServices, startPrivateServices } from './services';
import { formatTable } from './table';

/** bench/downlink → repo root, whatever directory the bench is started from. */
const REPO_ROOT = resolve(__dirname, '..', '..');

const progress = (line: string): boolean => process.stderr.write(`${line}\n`);

async function runOne(key: ScenarioKey, services: PrivateServices, args: ReturnType<typeof readDownlinkArgs>,
  runId: string): Promise<ScenarioResult> {
  progress(`(${key}) starting bridges`);
  const topology = await startTopology(key, services, { tag: `${runId}${key}` });
  try {
    progress(`(${key}) ${topology.label}: ${args.rate}/s × ${args.seconds} s per path`);
    return await runScenario(topology, { ...args, runId: `${runId}${key}`, baseTopic: 'boards' });
  } finally {
    await topology.stop();
  }
}

async function main(): Promise<void> {
  const args = readDownlinkArgs(process.argv.slice(2));
  const loadAtStart = loadavg();
  const runId = `dl${Date.now().toString(36)}`;
  const services = await startPrivateServices(args.mosquittoNagle);
  const scenarios: ScenarioResult[] = [];
  const skipped: DownlinkReport['skipped'] = [];
  try {
    for (const key of args.scenarios) {
      if (key === 'c' && !services.mosquittoUrl) {
        skipped.push({ key, reason: 'mosquitto is not installed (apt-get install -y mosquitto)' });
        continue;
      }
      scenarios.push(await runOne(key, services, args, runId));
    }
  } finally {
    await services.stop();
  }
  const report = buildReport(args, scenarios, skipped, loadAtStart);
  const savedTo = saveReport(report, REPO_ROOT);
  process.stdout.write(`${formatTable(report, savedTo)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench:downlink failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
