import { parseArgs, type ParseArgsConfig } from 'node:util';

/** An option of a bench: a positive integer, a comma list from a fixed set, or a flag. */
export type OptionSpec =
  | { type: 'int'; default: number; min?: number }
  | { type: 'list'; default: readonly string[]; choices: readonly string[] }
  | { type: 'flag' };

type Value<S extends OptionSpec> = S extends { type: 'int' } ? number : S extends { type: 'list' } ? string[] : boolean;
export type ArgsOf<T extends Record<string, OptionSpec>> = { [K in keyof T]: Value<T[K]> };

function intValue(name: string, text: string, min: number, usage: string): number {
  // Accept 60000, 60_000 and 6e4 so a reader can paste what a report prints.
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}\n${usage}`);
  }
  return value;
}

function listValue(name: string, text: string, choices: readonly string[], usage: string): string[] {
  const items = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = items.filter((i) => !choices.includes(i));
  if (!items.length || bad.length) throw new RangeError(`--${name} takes a comma list of ${choices.join(', ')}\n${usage}`);
  return items;
}

/** Parses `--name value` options (the command line only: the benches read no environment variables). */
export function readOptions<T extends Record<string, OptionSpec>>(argv: readonly string[], spec: T, usage: string): ArgsOf<T> {
  const options = Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, { type: s.type === 'flag' ? 'boolean' : 'string' }]));
  const { values } = parseArgs({ args: [...argv], options: options as ParseArgsConfig['options'], strict: true });
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    const v = (values as Record<string, string | boolean | undefined>)[name];
    if (s.type === 'flag') out[name] = v === true;
    else if (typeof v !== 'string') out[name] = s.type === 'list' ? [...s.default] : s.default;
    else out[name] = s.type === 'int' ? intValue(name, v, s.min ?? 1, usage) : listValue(name, v, s.choices, usage);
  }
  return out as ArgsOf<T>;
}
