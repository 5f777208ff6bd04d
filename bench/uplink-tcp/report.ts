import { formatProfile } from '../common/cpu-profile';
import { machineInfo, type ScenarioReport } from '../common/results';
import { fmtInt, fmtRatio, type SummaryRow } from '../common/summary';
import type { UplinkTcpArgs } from './args';
import type { ModeResult, RoundResult } from './run';

export type UplinkTcpReport = ScenarioReport<UplinkTcpArgs, { modes: ModeResult[] }>;

const METHOD = [
  'bridge path: simulated boards in separate client processes write SMS (501) and ping (998) frames over TCP to a bridge ' +
    'process; a counting MQTT.js subscriber (own process, QoS 1) receives the events',
  'baseline: the same envelopes (same topics and bytes) published to the same kind of subscriber by aedes alone (a broker ' +
    'process publishing in-process) or by a bare MQTT.js QoS 1 client to the same Mosquitto; 256 in flight, as the bridge',
  'events/s = unique events at the subscriber / (start signal → the batch\'s last event at the subscriber), wall clock',
  'rounds of the bridge and of the baseline alternate after an untimed warm-up; medians are reported',
];

export function buildReport(args: UplinkTcpArgs, modes: ModeResult[], machine = machineInfo()): UplinkTcpReport {
  return { scenario: 'uplink-tcp', machine, args, method: METHOD, results: { modes }, summary: modes.map(summaryRow) };
}

function summaryRow(m: ModeResult): SummaryRow {
  return {
    scenario: 'uplink-tcp', metric: m.mode === 'embedded' ? 'events/s, embedded broker' : 'events/s, Mosquitto + Redis dedup',
    value: fmtInt(m.median.bridge), baseline: fmtInt(m.median.baseline), ratio: fmtRatio(m.ratio),
    target: `≥ ${m.target.toFixed(2)}`, met: m.met,
  };
}

const losses = (rounds: RoundResult[]): string => {
  const lost = rounds.reduce((n, r) => n + r.stats.lost, 0);
  const dup = rounds.reduce((n, r) => n + r.stats.duplicates, 0);
  return lost || dup ? `  (lost ${lost}, duplicates ${dup})` : '';
};

const cpuLine = (r: RoundResult | undefined): string =>
  (r ? Object.entries(r.cpu).map(([k, v]) => `${k} ${v ?? '?'}%`).join(', ') : '');

function modeLines(m: ModeResult): string[] {
  const mid = (rounds: RoundResult[]) => [...rounds].sort((a, b) => a.eventsPerSec - b.eventsPerSec)[rounds.length >> 1];
  return [
    `(${m.mode}) ${m.label}: ${fmtInt(m.median.bridge)} events/s (rounds ${m.bridge.map((r) => fmtInt(r.eventsPerSec)).join(' / ')})` +
      losses(m.bridge),
    `    baseline, ${m.baselineLabel}: ${fmtInt(m.median.baseline)} events/s ` +
      `(rounds ${m.baseline.map((r) => fmtInt(r.eventsPerSec)).join(' / ')})${losses(m.baseline)}`,
    `    ratio ${fmtRatio(m.ratio)}, target ≥ ${m.target.toFixed(2)}: ${m.met === null ? '–' : m.met ? 'met' : 'NOT met'}`,
    `    CPU (% of one core), median bridge round: ${cpuLine(mid(m.bridge))}`,
    `    CPU (% of one core), median baseline round: ${cpuLine(mid(m.baseline))}`,
    ...(m.profile ? [formatProfile(m.profile, `    bridge profile (${m.mode})`)] : []),
  ];
}

export function formatReport(r: UplinkTcpReport, savedTo: string): string {
  const a = r.args;
  return [
    `uplink TCP → MQTT: ${fmtInt(a.events)} events × ${a.rounds} rounds per path, ${a.boards} boards in ${a.clients} processes, ` +
      `1 ping in ${a['ping-every']}, ${a['frames-per-write']} frames per write`,
    `Node ${r.machine.node}, ${r.machine.cpu} × ${r.machine.cpuCount}; load average at start ${r.machine.loadAvgAtStart.join(' / ')}`,
    ...r.method.map((m) => `  - ${m}`),
    '',
    ...r.results.modes.flatMap(modeLines),
    '',
    `results written to ${savedTo}`,
  ].join('\n');
}
