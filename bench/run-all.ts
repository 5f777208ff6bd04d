/**
 * `npm run bench`: every scenario of issue 8 (protocol, uplink-tcp, uplink-http, downlink, sessions,
 * forwarding), each as its own process with the suite's settings (runner/scenarios.ts), then ONE summary
 * table built from the results files they wrote (bench/results/<date>-<scenario>.json).
 *
 *   npm run bench                                   # all, < 10 minutes on this 2-core machine
 *   npm run bench -- uplink-tcp sessions            # some, with the suite's settings
 *   npm run bench -- uplink-tcp -- --events 5000    # one, with its own arguments
 *   npm run bench -- --defaults                     # all, with each bench's own (longer) defaults
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localDate } from '../libs/board-protocol/bench/report';
import { machineInfo, REPO_ROOT, saveResults } from './common/results';
import { formatSummary, type SummaryRow } from './common/summary';
import { rowsOf } from './runner/foreign-rows';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioDef } from './runner/scenarios';

interface Plan {
  scenarios: ScenarioDef[];
  /** Arguments after `--` (one scenario only), else the suite's settings or the bench's defaults. */
  argsFor: (s: ScenarioDef) => string[];
}

const USAGE = `usage: npm run bench -- [${SCENARIO_NAMES.join('|')} …] [--defaults] [-- <arguments of the one scenario>]`;

function plan(argv: string[]): Plan {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(dash + 1) : undefined;
  const words = dash >= 0 ? argv.slice(0, dash) : argv;
  const defaults = words.includes('--defaults');
  const names = words.filter((w) => w !== '--defaults');
  const bad = names.filter((n) => !SCENARIO_NAMES.includes(n));
  if (bad.length) throw new RangeError(`unknown scenario ${bad.join(', ')}\n${USAGE}`);
  const scenarios = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : [...SCENARIOS];
  if (own && scenarios.length !== 1) throw new RangeError(`arguments after -- need exactly one scenario\n${USAGE}`);
  return { scenarios, argsFor: (s) => own ?? (defaults ? [] : s.suiteArgs) };
}

function runScenario(s: ScenarioDef, args: string[]): Promise<number | null> {
  process.stderr.write(`\n=== ${s.name}: ${[s.entry, ...args].join(' ')}\n`);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', s.entry, ...args], { cwd: REPO_ROOT, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The scenario's results file if it was written during this run (a file from an earlier run does not count). */
function readResults(s: ScenarioDef, since: number): Record<string, unknown> | undefined {
  for (const date of new Set([localDate(new Date(since)), localDate()])) {
    const file = join(REPO_ROOT, 'bench', 'results', `${date}-${s.name}.json`);
    if (existsSync(file) && statSync(file).mtimeMs >= since) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }
  return undefined;
}

function failedRow(s: ScenarioDef, why: string): SummaryRow {
  return { scenario: s.name, metric: why, value: '–', baseline: '–', ratio: '–', target: '–', met: null };
}

async function main(): Promise<void> {
  const p = plan(process.argv.slice(2));
  const machine = machineInfo();
  const t0 = Date.now();
  const rows: SummaryRow[] = [];
  const durations: Record<string, number> = {};
  let failures = 0;
  for (const s of p.scenarios) {
    const start = Date.now();
    const code = await runScenario(s, p.argsFor(s));
    durations[s.name] = Math.round((Date.now() - start) / 1000);
    const results = readResults(s, start);
    if (code !== 0 || !results) failures += 1;
    rows.push(...(results ? rowsOf(results, s.extract) : [failedRow(s, `failed (exit code ${code}), no results`)]));
  }
  const seconds = Math.round((Date.now() - t0) / 1000);
  const runtime = Object.entries(durations).map(([n, d]) => `${n} ${d} s`).join(', ');
  const savedTo = saveResults({ scenario: 'summary', machine, args: { scenarios: p.scenarios.map((s) => s.name) },
    method: ['ratios are against baselines measured in the same run; see each scenario\'s results file'],
    results: { seconds, durations }, summary: rows });
  process.stdout.write(['', `summary (${machine.cpu} × ${machine.cpuCount}, Node ${machine.node}, load average at start ` +
    `${machine.loadAvgAtStart.join(' / ')})`, formatSummary(rows), '',
  `runtime ${Math.floor(seconds / 60)} min ${seconds % 60} s (${runtime}); summary written to ${savedTo}`, ''].join('\n'));
  if (failures) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err instanceof RangeError ? err.message : err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
