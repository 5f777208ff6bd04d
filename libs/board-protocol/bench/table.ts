import type { BenchReport } from './report';
import type { CaseStats } from './timing';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

function row(cells: readonly string[], widths: readonly number[]): string {
  // First column left-aligned (labels), the rest right-aligned (numbers) so digits line up.
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function caseRows(stats: readonly CaseStats[], frames: number): string[][] {
  return stats.map((s) => [
    s.label,
    int(s.medianFps),
    `${int(Math.min(...s.roundsFps))}–${int(Math.max(...s.roundsFps))}`,
    s.medianMs.toFixed(1),
    ((s.medianMs * 1e6) / frames).toFixed(0),
    s.peakHeapMB.toFixed(0),
  ]);
}

function header(r: BenchReport): string[] {
  const mix = Object.entries(r.workload.mix).sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${pct(n, r.frames)}`).join(' · ');
  return [
    `board-protocol throughput: ${int(r.frames)} frames × ${r.rounds} timed rounds (median), after warm-up`,
    `Node ${r.node} (V8 ${r.v8}), ${r.platform}, ${r.cpu} × ${r.cpuCount}`,
    `stream ${(r.workload.streamBytes / 1_048_576).toFixed(1)} MB in ${int(r.workload.reads)} reads (≤1460 B), ` +
      `avg frame ${r.workload.avgFrameBytes} B; mix ${mix}`,
    '',
  ];
}

/** The human-readable summary printed to stdout; the JSON file holds the same figures. */
export function formatTable(r: BenchReport, stats: readonly CaseStats[], savedTo: string): string {
  const head = ['case', 'frames/s (median)', 'min–max frames/s', 'ms/round', 'ns/frame', 'peak heap MB'];
  const body = caseRows(stats, r.frames);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const { pipelineToBaseline: p, decodeOnlyToBaseline: d } = r.ratio;
  return [
    ...header(r),
    row(head, widths),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map((cells) => row(cells, widths)),
    '',
    `ratio library pipeline / JSON.parse baseline = ${p.toFixed(3)} (baseline is ${(1 / p).toFixed(1)}× faster)`,
    `ratio decode-only      / JSON.parse baseline = ${d.toFixed(3)} (baseline is ${(1 / d).toFixed(1)}× faster)`,
    `heap retained by the workload: ${r.heapMB.workloadRetained} MB`,
    `results written to ${savedTo}`,
  ].join('\n');
}
