import { seededRandom } from '../../libs/board-protocol/bench/workload';

/** One command publication of a batch: which board it goes to and its JSON payload (bridge-contract §4). */
export interface BenchCommand {
  board: number;
  payload: string;
}

/**
 * The command is `querysms` (board-protocol §3.2: search the board's SMS store): read-only, not a costly
 * command, so no cost guard (limits per board and SIM) stands in the way of a thousand per second, and
 * settled by the board's immediate answer. The sequence marker goes into `keyword` because that is what
 * the board frame carries back unchanged (p3), so every frame names the publication it came from.
 */
export const BENCH_COMMAND = 'querysms';
const KEYWORDS = ['验证码', '招商银行', '快递 取件码', '话费余额', 'meeting', ''];

const MARKER = /\[dl:([a-z0-9]+):([0-9]+)\]/;

export function marker(phase: string, seq: number): string {
  return `[dl:${phase}:${seq}]`;
}

/** The phase and sequence number a received text carries, or undefined for a foreign one. */
export function parseMarker(text: string): { phase: string; seq: number } | undefined {
  const m = MARKER.exec(text);
  return m ? { phase: m[1], seq: Number(m[2]) } : undefined;
}

/**
 * `count` commands for `phase`, built before the clock starts so the timed loop only publishes.
 * `spread`: board i gets command i (a probe that reaches every board); otherwise the PRNG picks.
 */
export function buildCommands(opts: { count: number; boards: number; seed: number; phase: string; runId: string;
  spread?: boolean }): BenchCommand[] {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const out: BenchCommand[] = [];
  for (let seq = 0; seq < opts.count; seq += 1) {
    const board = opts.spread ? seq % opts.boards : Math.floor(rnd() * opts.boards);
    const payload = JSON.stringify({ requestId: `${opts.runId}-${opts.phase}-${seq}`, offset: 1 + Math.floor(rnd() * 50),
      limit: pick([5, 10, 20]), keyword: `${marker(opts.phase, seq)} ${pick(KEYWORDS)}`.trim(), slot: 1 + Math.floor(rnd() * 2) });
    out.push({ board, payload });
  }
  return out;
}

/** Board ids of the run: 12 digits like the boards' own (498060912345). */
export function boardIds(boards: number): string[] {
  return Array.from({ length: boards }, (_, i) => `49806${String(i).padStart(7, '0')}`);
}
