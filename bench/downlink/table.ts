import type { DownlinkReport } from './report';
import type { PathResult, ScenarioResult } from './scenario-run';

/** CPU of processes outside the bench (% of one core) above which a scenario's timings are flagged. */
const OTHERS_WARN_PCT = 20;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const msText = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
const times = (v: number | null): string => (v === null ? '–' : `${v.toFixed(2)}×`);

function row(cells: readonly string[], widths: readonly number[]): string {
  // The first two columns left-aligned (labels), the rest right-aligned so digits line up.
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function pathRow(s: ScenarioResult, p: PathResult, name: string): string[] {
  const { stats: st } = p;
  const l = st.latencyMs;
  return [s.key, name, int(st.sent), int(st.received), int(st.lost), int(st.duplicates), int(p.achievedRate),
    msText(l.p50), msText(l.p90), msText(l.p99), msText(l.max)];
}

function cpuLine(p: PathResult): string {
  return Object.entries(p.cpu).map(([name, v]) => `${name} ${v === null ? '?' : `${v.toFixed(0)}%`}`).join(', ');
}

function verdict(s: ScenarioResult): string[] {
  const p99 = s.bridge.stats.latencyMs.p99;
  const met = s.targetMet === null ? 'no data' : s.targetMet ? 'MET' : 'NOT MET';
  const lines = [
    `(${s.key}) ${s.label}; ${s.boards} boards`,
    `    target p99 ≤ ${s.targetP99Ms} ms: ${met} (bridge p99 ${msText(p99)} ms); ` +
      `bridge / baseline: p50 ${times(s.ratio.p50)}, p99 ${times(s.ratio.p99)}`,
    `    CPU, % of one core: bridge path: ${cpuLine(s.bridge)}; baseline: ${cpuLine(s.baseline)}`,
  ];
  const others = Math.max(s.bridge.cpu.others ?? 0, s.baseline.cpu.others ?? 0);
  if (others > OTHERS_WARN_PCT) {
    lines.push(`    WARNING: other processes kept ${others.toFixed(0)}% of a core busy meanwhile: timings are not representative`);
  }
  const f = s.foreign;
  if (f.boards + f.baseline + f.badFrames > 0) {
    lines.push(`    unmatched arrivals: boards ${f.boards}, baseline ${f.baseline}; undecodable frames ${f.badFrames}`);
  }
  const errors = s.bridge.stats.publishErrors + s.baseline.stats.publishErrors;
  if (errors) lines.push(`    publish errors (no PUBACK): ${errors}`);
  return lines;
}

/** The human-readable summary printed to stdout; the JSON file holds the same figures and more. */
export function formatTable(r: DownlinkReport, savedTo: string | null): string {
  const head = ['sc', 'path', 'sent', 'received', 'lost', 'dup', 'pub/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const body = r.scenarios.flatMap((s) => [pathRow(s, s.bridge, 'bridge'), pathRow(s, s.baseline, 'baseline')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const { rate, seconds, boards, seed } = r.args;
  return [
    `downlink command latency: ${int(rate)} commands/s × ${seconds} s per path, ${boards} boards, seed ${seed}`,
    `Node ${r.node}, ${r.platform}, ${r.cpu} × ${r.cpuCount}; load average at start ${r.loadAvgAtStart.join(' / ')}`,
    ...r.method.map((m) => `  - ${m}`),
    '',
    row(head, widths),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map((cells) => row(cells, widths)),
    '',
    ...r.scenarios.flatMap(verdict),
    ...r.skipped.map((s) => `(${s.key}) skipped: ${s.reason}`),
    '',
    savedTo ? `results written to ${savedTo}` : 'results not written',
  ].join('\n');
}
