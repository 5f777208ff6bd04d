import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchCase } from './cases';

/** Every round of one case, in frames per second, plus its median. */
export interface CaseStats {
  key: BenchCase['key'];
  label: string;
  roundsFps: number[];
  medianFps: number;
  medianMs: number;
  /** Largest heapUsed seen right after a round (garbage included): a rough allocation-pressure gauge. */
  peakHeapMB: number;
}

/**
 * A full collection between cases, so one case's garbage is not collected on the next one's clock.
 * npm scripts cannot pass --expose-gc here, so the flag is set at run time; without it, no collection.
 */
const collect: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

export const heapUsedMB = (): number => process.memoryUsage().heapUsed / 1_048_576;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs one pass, checks it saw every frame, and returns its wall time in milliseconds. */
function timedPass(c: BenchCase, expectedFrames: number): number {
  collect();
  const start = process.hrtime.bigint();
  const { frames } = c.run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (frames !== expectedFrames) {
    throw new Error(`${c.label}: produced ${expectedFrames} frames but got ${frames}`);
  }
  return ms;
}

/**
 * Warm-up passes (untimed, so the JIT has optimised every path first), then `rounds` timed rounds.
 * Cases are interleaved within each round and their order rotates, so drift (thermal, a noisy
 * neighbour) spreads over all of them instead of landing on whichever ran last.
 */
export function measure(cases: readonly BenchCase[], frames: number, rounds: number, warmups = 2): CaseStats[] {
  for (let w = 0; w < warmups; w += 1) cases.forEach((c) => timedPass(c, frames));
  const times = cases.map(() => [] as number[]);
  const heaps = cases.map(() => 0);
  for (let r = 0; r < rounds; r += 1) {
    for (let k = 0; k < cases.length; k += 1) {
      const i = (k + r) % cases.length;
      times[i].push(timedPass(cases[i], frames));
      heaps[i] = Math.max(heaps[i], heapUsedMB());
    }
  }
  return cases.map((c, i) => stats(c, times[i], frames, heaps[i]));
}

function stats(c: BenchCase, ms: number[], frames: number, peakHeapMB: number): CaseStats {
  const roundsFps = ms.map((t) => frames / (t / 1000));
  return { key: c.key, label: c.label, roundsFps, medianFps: median(roundsFps), medianMs: median(ms), peakHeapMB };
}

/** Drops workload garbage before the heap is sampled, so the figure is what the bench retains. */
export function settledHeapMB(): number {
  collect();
  return heapUsedMB();
}
