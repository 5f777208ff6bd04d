import { parseArgs } from 'node:util';

/** The topologies of the bench (bridge-contract §1): see scenarios.ts. */
export type ScenarioKey = 'a' | 'b' | 'c';
export const SCENARIO_KEYS: readonly ScenarioKey[] = ['a', 'b', 'c'];

/** What one run measures; every field can be set on the command line. */
export interface DownlinkArgs {
  /** Commands published per second, at a fixed pace. */
  rate: number;
  /** Length of the measured run of each path; rate × seconds commands are timed per path. */
  seconds: number;
  /** Simulated boards; each command goes to one of them, picked by the seeded PRNG. */
  boards: number;
  /** PRNG seed: which board gets each command and which SMS text it carries. */
  seed: number;
  /** Scenarios to run, in order (c is skipped when mosquitto is not installed). */
  scenarios: ScenarioKey[];
  /**
   * Leave the private Mosquitto on its default `set_tcp_nodelay false` (Nagle on its sockets). By default the
   * bench sets it true: with Nagle, every message to a client that also publishes QoS 1 (the bridge: replies)
   * waits for the client's delayed ACK, 8 ms median here, which would measure the broker's setting.
   */
  mosquittoNagle: boolean;
}

export const DEFAULTS: DownlinkArgs = { rate: 1000, seconds: 10, boards: 10, seed: 20_240_501, scenarios: ['a', 'b', 'c'],
  mosquittoNagle: false };

const USAGE = 'usage: npm run bench:downlink -- [--rate N] [--seconds N] [--boards N] [--seed N] [--scenarios a,b,c] [--mosquitto-nagle]';

/** Parses the CLI (only: the bench reads no environment variables of its own). */
export function readDownlinkArgs(argv: readonly string[]): DownlinkArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { rate: { type: 'string' }, seconds: { type: 'string' }, boards: { type: 'string' },
      seed: { type: 'string' }, scenarios: { type: 'string' }, 'mosquitto-nagle': { type: 'boolean' } },
    strict: true,
  });
  return {
    rate: positiveNumber('rate', values.rate, DEFAULTS.rate, true),
    seconds: positiveNumber('seconds', values.seconds, DEFAULTS.seconds, false),
    boards: positiveNumber('boards', values.boards, DEFAULTS.boards, true),
    seed: positiveNumber('seed', values.seed, DEFAULTS.seed, true),
    scenarios: scenarioList(values.scenarios),
    mosquittoNagle: values['mosquitto-nagle'] ?? false,
  };
}

function positiveNumber(name: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  // Accept 1000, 1_000 and 1e3 so a reader can paste what the report prints.
  const value = Number(text.replaceAll('_', ''));
  const ok = Number.isFinite(value) && value > 0 && (!integer || Number.isSafeInteger(value));
  if (!ok) throw new RangeError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text)}\n${USAGE}`);
  return value;
}

function scenarioList(text: string | undefined): ScenarioKey[] {
  if (text === undefined) return [...DEFAULTS.scenarios];
  const keys = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = keys.filter((k) => !SCENARIO_KEYS.includes(k as ScenarioKey));
  if (bad.length || !keys.length) throw new RangeError(`--scenarios takes a comma list of a, b, c, got ${JSON.stringify(text)}\n${USAGE}`);
  return [...new Set(keys)] as ScenarioKey[];
}
