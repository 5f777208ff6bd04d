import { parseArgs } from 'node:util';

/** What one benchmark run measures; every field can be set on the command line. */
export interface BenchArgs {
  /** Frames per timed round (and in the generated stream). */
  frames: number;
  /** Timed rounds per measurement; the report gives their median. */
  rounds: number;
  /** PRNG seed, so two runs time exactly the same bytes. */
  seed: number;
}

const DEFAULTS: BenchArgs = { frames: 200_000, rounds: 5, seed: 20_240_501 };

const USAGE = 'usage: npm run bench:protocol -- [--frames N] [--rounds N] [--seed N]';

/** Parses `--frames N --rounds N --seed N` (CLI only: the bench reads no environment variables). */
export function readBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { frames: { type: 'string' }, rounds: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  return {
    frames: positiveInt('frames', values.frames, DEFAULTS.frames),
    rounds: positiveInt('rounds', values.rounds, DEFAULTS.rounds),
    seed: positiveInt('seed', values.seed, DEFAULTS.seed),
  };
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  // Accept 200000, 200_000 and 2e5 so a reader can paste what the report prints.
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`--${name} must be a positive integer, got ${JSON.stringify(text)}\n${USAGE}`);
  }
  return value;
}
