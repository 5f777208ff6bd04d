import type { SummaryRow } from '../common/summary';
import { downlinkRows, forwardingRows, protocolRows } from './foreign-rows';

export interface ScenarioDef {
  name: string;
  /** Entry point, relative to the repo root (run with `node -r @swc-node/register`). */
  entry: string;
  /**
   * Settings of `npm run bench`: the whole suite must finish in under 10 minutes on a 2-core machine shared
   * with other jobs, so each scenario runs shorter than its own defaults (`--defaults` uses those).
   */
  suiteArgs: string[];
  /** Rows for a results file without its own `summary` rows. */
  extract?: (report: Record<string, unknown>) => SummaryRow[];
}

export const SCENARIOS: readonly ScenarioDef[] = [
  { name: 'protocol', entry: 'libs/board-protocol/bench/protocol.bench.ts', suiteArgs: [],
    extract: protocolRows },
  { name: 'uplink-tcp', entry: 'bench/uplink-tcp/uplink-tcp.bench.ts',
    suiteArgs: ['--events', '30000', '--rounds', '5', '--warmup', '6000'] },
  { name: 'uplink-http', entry: 'bench/uplink-http/uplink-http.bench.ts',
    suiteArgs: ['--uploads', '8000', '--rounds', '5', '--warmup', '2000'] },
  { name: 'downlink', entry: 'bench/downlink/downlink.bench.ts', suiteArgs: ['--seconds', '5'], extract: downlinkRows },
  { name: 'sessions', entry: 'bench/sessions/sessions.bench.ts', suiteArgs: [] },
  { name: 'forwarding', entry: 'bench/forwarding/forwarding.bench.ts', suiteArgs: ['--events', '3000', '--rounds', '3'],
    extract: forwardingRows },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
