/**
 * Throughput of the board protocol library on a realistic TCP stream, next to the cheapest possible
 * baseline (bare JSON.parse on pre-split strings) measured in the same process, so the ratio holds
 * across machines even when absolute figures do not. A benchmark, not a test: nothing here judges timing;
 * it only throws when a frame goes missing, because then the figures would be meaningless.
 *
 *   npm run bench:protocol                       # 200k frames × 5 rounds
 *   npm run bench:protocol -- --frames 20000     # quick run
 */
import { resolve } from 'node:path';
import { readBenchArgs } from './bench-args';
import { decodePass, jsonParsePass, pipelinePass, pipelineTypeCounts, type BenchCase } from './cases';
import { buildReport, saveReport } from './report';
import { formatTable } from './table';
import { measure, settledHeapMB } from './timing';
import { buildWorkload, type Workload } from './workload';

/** libs/board-protocol/bench → repo root, whatever directory the bench is started from. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Untimed: every generated frame must come out of the pipeline as an envelope of the same type. */
function checkMixSurvives(w: Workload): void {
  const counts = pipelineTypeCounts(w.chunks);
  const want = JSON.stringify(Object.entries(w.mix).sort());
  const got = JSON.stringify(Object.entries(counts).sort());
  if (got !== want) throw new Error(`pipeline lost or retyped frames: produced ${want}, decoded ${got}`);
}

function benchCases(w: Workload): BenchCase[] {
  return [
    { key: 'pipeline', label: 'decode + parseMessage + normalise', run: () => pipelinePass(w.chunks) },
    { key: 'decodeOnly', label: 'FrameDecoder only', run: () => decodePass(w.chunks) },
    { key: 'jsonParse', label: 'JSON.parse baseline (pre-split)', run: () => jsonParsePass(w.texts) },
  ];
}

function main(): void {
  const args = readBenchArgs(process.argv.slice(2));
  const workload = buildWorkload(args.frames, args.seed);
  checkMixSurvives(workload);
  const heapMB = settledHeapMB();
  const stats = measure(benchCases(workload), args.frames, args.rounds);
  const report = buildReport(args, workload, stats, heapMB);
  const savedTo = saveReport(report, REPO_ROOT);
  process.stdout.write(`${formatTable(report, stats, savedTo)}\n`);
}

main();
