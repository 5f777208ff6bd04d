/**
 * One line of the `npm run bench` summary: a measured figure next to its same-run baseline, the ratio,
 * and the target for it. Every scenario's results file carries its own rows under `summary`.
 */
export interface SummaryRow {
  scenario: string;
  metric: string;
  value: string;
  baseline: string;
  /** value / baseline (or the figure the target is about), as printed. */
  ratio: string;
  target: string;
  /** null: the issue sets no target for this figure, or it could not be measured. */
  met: boolean | null;
}

const HEAD = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', 'met?'];

function cells(r: SummaryRow): string[] {
  return [r.scenario, r.metric, r.value, r.baseline, r.ratio, r.target, r.met === null ? '–' : r.met ? 'yes' : 'NO'];
}

/** A plain-text table: labels left-aligned, figures right-aligned. */
export function formatSummary(rows: readonly SummaryRow[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Markdown version of the same table (docs/performance.md). */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  return [line(HEAD), line(HEAD.map(() => '---')), ...rows.map((r) => line(cells(r)))].join('\n');
}

export const fmtInt = (n: number | null | undefined): string =>
  (n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));

export const fmtRatio = (r: number | null | undefined): string => (r === null || r === undefined ? '–' : r.toFixed(2));
