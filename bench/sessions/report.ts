import { machineInfo, type ScenarioReport } from '../common/results';
import { fmtInt, fmtRatio, type SummaryRow } from '../common/summary';
import type { SessionsArgs } from './args';
import type { HoldResult, StormResult } from './run';

export interface SessionsResults {
  fdLimit: number | null;
  bare: HoldResult;
  bridge: HoldResult;
  ratio: { rss: number | null; heap: number | null };
  /** The target: per-session memory at most this many times the bare server's. */
  target: number;
  storm?: StormResult;
}

export type SessionsReport = ScenarioReport<SessionsArgs, SessionsResults>;

const METHOD = [
  'idle boards in several client processes (each has the same fd limit) connect, say hello (100) and wait for `now`; each ' +
    'then pings once; the server process holds every socket',
  'memory per session = (settled memory with the sessions − settled memory before) / sessions; settled = after two ' +
    'forced collections (bridge: --expose-gc and a preloaded SIGUSR2 probe, bench/sessions/mem-probe.cjs)',
  'baseline: a bare Node TCP server holding the same number of sockets, each with a data listener, a small state object ' +
    'and a 10-minute timer (stack.md §3d), same run',
  'connect storm: on an empty bridge, N boards connect evenly over S seconds; handshake = connect() → first `now` frame',
];

const met = (r: number | null, target: number) => (r === null ? null : r <= target);

function summaryRows(r: SessionsResults): SummaryRow[] {
  const rows: SummaryRow[] = [
    { scenario: 'sessions', metric: `RSS KiB/session (${fmtInt(r.bridge.sessions)} sessions)`, value: r.bridge.rssPerSessionKiB.toFixed(2),
      baseline: r.bare.rssPerSessionKiB.toFixed(2), ratio: fmtRatio(r.ratio.rss), target: `≤ ${r.target.toFixed(2)}`, met: met(r.ratio.rss, r.target) },
    { scenario: 'sessions', metric: 'heap KiB/session', value: r.bridge.heapPerSessionKiB.toFixed(2),
      baseline: r.bare.heapPerSessionKiB.toFixed(2), ratio: fmtRatio(r.ratio.heap), target: `≤ ${r.target.toFixed(2)}`, met: met(r.ratio.heap, r.target) },
  ];
  const s = r.storm;
  if (!s) return rows;
  return [...rows,
    { scenario: 'sessions', metric: `storm: ${fmtInt(s.boards)} boards in ${s.seconds} s, now ≤ ${s.limitMs / 1000} s`,
      value: `${s.sharePct.toFixed(2)} %`, baseline: '–', ratio: '–', target: '100 %', met: s.withinLimit === s.boards },
    { scenario: 'sessions', metric: 'storm: handshake p99 ms', value: s.p99Ms === null ? '–' : s.p99Ms.toFixed(1), baseline: '–',
      ratio: '–', target: '–', met: null },
  ];
}

export function buildReport(args: SessionsArgs, results: SessionsResults, machine = machineInfo()): SessionsReport {
  return { scenario: 'sessions', machine, args, method: METHOD, results, summary: summaryRows(results) };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function holdLine(h: HoldResult, label: string): string {
  return `${label}: ${fmtInt(h.sessions)} sessions (failed ${h.failed}, dropped ${h.dropped}); RSS ${mib(h.before.rss)} → ` +
    `${mib(h.after.rss)} MiB, heap ${mib(h.before.heapUsed)} → ${mib(h.after.heapUsed)} MiB; per session ` +
    `${h.rssPerSessionKiB.toFixed(2)} KiB RSS, ${h.heapPerSessionKiB.toFixed(2)} KiB heap`;
}

function stormLines(s: StormResult | undefined): string[] {
  if (!s) return ['connect storm: not run (--storm 0)'];
  return [
    `connect storm: ${fmtInt(s.boards)} boards over ${s.seconds} s (connects spanned ${s.connectSpanMs} ms): ` +
      `${fmtInt(s.withinLimit)} got now within ${s.limitMs} ms (${s.sharePct.toFixed(2)} %), ${s.late} later, ${s.failed} never`,
    `    handshake p50 ${s.p50Ms ?? '–'} ms, p99 ${s.p99Ms ?? '–'} ms, max ${s.maxMs ?? '–'} ms; target 100 %: ` +
      `${s.withinLimit === s.boards ? 'met' : 'NOT met'}`,
  ];
}

export function formatReport(r: SessionsReport, savedTo: string): string {
  const x = r.results;
  return [
    `idle sessions: ${fmtInt(r.args.sessions)} per server process (fd limit ${x.fdLimit ?? '?'}), ${r.args.clients} client processes`,
    `Node ${r.machine.node}, ${r.machine.cpu} × ${r.machine.cpuCount}; load average at start ${r.machine.loadAvgAtStart.join(' / ')}`,
    ...r.method.map((m) => `  - ${m}`),
    '',
    holdLine(x.bridge, 'bridge'),
    holdLine(x.bare, 'bare Node TCP server'),
    `ratio RSS ${fmtRatio(x.ratio.rss)}, heap ${fmtRatio(x.ratio.heap)}; target ≤ ${x.target}×: ` +
      `${(x.ratio.rss ?? Infinity) <= x.target && (x.ratio.heap ?? Infinity) <= x.target ? 'met' : 'NOT met'}`,
    ...stormLines(x.storm),
    '',
    `results written to ${savedTo}`,
  ].join('\n');
}
