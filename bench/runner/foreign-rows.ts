import { ratio } from '../common/stats';
import { fmtInt, fmtRatio, type SummaryRow } from '../common/summary';

/**
 * Summary rows for the results files of benches that do not write `summary` rows themselves (protocol,
 * downlink, forwarding): read defensively, since those files may gain or rename fields; whatever is
 * missing prints as '–'. A results file with a `summary` array is used as it is instead.
 */
type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ms = (v: number | null): string => (v === null ? '–' : v.toFixed(2));

export function protocolRows(r: Json): SummaryRow[] {
  const fps = obj(r.medianFps);
  const [pipeline, base] = [num(fps.pipeline), num(fps.jsonParse)];
  return [{ scenario: 'protocol', metric: 'frames/s, decode + parse + normalise (vs JSON.parse)', value: fmtInt(pipeline),
    baseline: fmtInt(base), ratio: fmtRatio(num(obj(r.ratio).pipelineToBaseline) ?? ratio(pipeline, base)), target: '–', met: null }];
}

export function downlinkRows(r: Json): SummaryRow[] {
  const scenarios = Array.isArray(r.scenarios) ? r.scenarios.map(obj) : [];
  const rows = scenarios.map((s): SummaryRow => {
    const p99 = (side: unknown) => num(obj(obj(obj(side).stats).latencyMs).p99);
    const target = num(s.targetP99Ms);
    const instances = s.key === 'a' ? 'one instance' : `two instances (${s.key === 'b' ? 'clustered aedes' : 'Mosquitto'})`;
    return { scenario: 'downlink', metric: `command p99 ms, MQTT → board frame, ${instances}`, value: ms(p99(s.bridge)),
      baseline: ms(p99(s.baseline)), ratio: fmtRatio(num(obj(s.ratio).p99)), target: target === null ? '–' : `≤ ${target} ms`,
      met: typeof s.targetMet === 'boolean' ? s.targetMet : null };
  });
  const skipped = Array.isArray(r.skipped) ? r.skipped.map(obj) : [];
  return [...rows, ...skipped.map((s): SummaryRow => ({ scenario: 'downlink', metric: `(${String(s.key)}) skipped: ${String(s.reason)}`,
    value: '–', baseline: '–', ratio: '–', target: '–', met: null }))];
}

export function forwardingRows(r: Json): SummaryRow[] {
  const m = obj(r.medianEventsPerSec);
  const base = num(m.bareUndici);
  const row = (metric: string, value: number | null): SummaryRow => ({ scenario: 'forwarding', metric, value: fmtInt(value),
    baseline: fmtInt(base), ratio: fmtRatio(ratio(value, base)), target: '–', met: null });
  return [row('events/s, round-robin, queue in Redis (vs bare undici)', num(m.redisRoundRobin)),
    ...(num(m.memoryRoundRobin) === null ? [] : [row('events/s, round-robin, queue in memory', num(m.memoryRoundRobin))])];
}

/** The rows of any results file: its own `summary` when it has one, else the scenario's extractor. */
export function rowsOf(r: Json, extract?: (r: Json) => SummaryRow[]): SummaryRow[] {
  if (Array.isArray(r.summary)) return r.summary as SummaryRow[];
  return extract ? extract(r) : [];
}
