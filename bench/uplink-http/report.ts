import { machineInfo, type ScenarioReport } from '../common/results';
import { fmtInt, fmtRatio, type SummaryRow } from '../common/summary';
import type { UplinkHttpArgs } from './args';
import type { EncodingResult, HttpRound } from './run';

export type UplinkHttpReport = ScenarioReport<UplinkHttpArgs & { generator: string }, { encodings: EncodingResult[] }>;

const METHOD = [
  'load generator: autocannon 9 in its own process, keep-alive sockets, each request a distinct board upload (POST+FORM ' +
    'plaintext, or POST+JSON AES-128-CBC with the key in BOARDS_FILE) to /upload/{devId}',
  'bridge path: uploads answered 200 only once their events are with the embedded broker; a counting MQTT.js subscriber ' +
    '(own process) checks every event arrived once',
  'baseline: the same bodies to a bare fastify 5 route answering 200 (body read as a Buffer, as the bridge does), own ' +
    'process; its rounds send the bodies `baseline-factor` times, so they last about as long as the bridge\'s',
  'uploads/s = 2xx answers / (start → last answer), timed by the generator (autocannon\'s own duration is rounded up ' +
    'to its sampling tick); rounds of the two paths alternate after an untimed warm-up',
];

const GENERATOR = 'autocannon 9.0.0 (exact devDependency; no engines field, its 46 dependencies install on Node 20 ' +
  'without EBADENGINE warnings)';

export function buildReport(args: UplinkHttpArgs, encodings: EncodingResult[], machine = machineInfo()): UplinkHttpReport {
  return { scenario: 'uplink-http', machine, args: { ...args, generator: GENERATOR }, method: METHOD,
    results: { encodings }, summary: encodings.map(summaryRow) };
}

function summaryRow(e: EncodingResult): SummaryRow {
  return { scenario: 'uplink-http', metric: `uploads/s, ${e.encoding === 'form' ? 'POST+FORM' : 'AES POST+JSON'}`,
    value: fmtInt(e.median.bridge), baseline: fmtInt(e.median.baseline), ratio: fmtRatio(e.ratio),
    target: `≥ ${e.target.toFixed(2)}`, met: e.met };
}

function problems(rounds: HttpRound[]): string {
  const bad = rounds.reduce((n, r) => n + r.generator.non2xx + r.generator.errors + r.generator.timeouts, 0);
  const lost = rounds.reduce((n, r) => n + (r.events?.lost ?? 0), 0);
  const dup = rounds.reduce((n, r) => n + (r.events?.duplicates ?? 0), 0);
  return bad || lost || dup ? `  (non-2xx/errors ${bad}, events lost ${lost}, duplicates ${dup})` : '';
}

const cpu = (r: HttpRound) => Object.entries(r.cpu).map(([k, v]) => `${k} ${v ?? '?'}%`).join(', ');

function encodingLines(e: EncodingResult): string[] {
  const rounds = (rs: HttpRound[]) => rs.map((r) => fmtInt(r.uploadsPerSec)).join(' / ');
  const p99 = (rs: HttpRound[]) => median(rs.map((r) => r.generator.latencyMs.p99));
  return [
    `(${e.encoding}) bridge ${fmtInt(e.median.bridge)} uploads/s (rounds ${rounds(e.bridge)}; p99 ${p99(e.bridge)} ms)${problems(e.bridge)}`,
    `    bare fastify ${fmtInt(e.median.baseline)} req/s (rounds ${rounds(e.baseline)}; p99 ${p99(e.baseline)} ms)${problems(e.baseline)}`,
    `    ratio ${fmtRatio(e.ratio)}, target ≥ ${e.target.toFixed(2)}: ${e.met === null ? '–' : e.met ? 'met' : 'NOT met'}`,
    `    CPU (% of one core), last bridge round: ${cpu(e.bridge[e.bridge.length - 1])}`,
    `    CPU (% of one core), last baseline round: ${cpu(e.baseline[e.baseline.length - 1])}`,
  ];
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
}

export function formatReport(r: UplinkHttpReport, savedTo: string): string {
  const a = r.args;
  return [
    `uplink HTTP: ${fmtInt(a.uploads)} uploads × ${a.rounds} rounds per path and encoding, ${a.boards} boards, ${a.connections} sockets`,
    `Node ${r.machine.node}, ${r.machine.cpu} × ${r.machine.cpuCount}; load average at start ${r.machine.loadAvgAtStart.join(' / ')}`,
    ...r.method.map((m) => `  - ${m}`),
    `  - generator: ${a.generator}`,
    '',
    ...r.results.encodings.flatMap(encodingLines),
    '',
    `results written to ${savedTo}`,
  ].join('\n');
}
