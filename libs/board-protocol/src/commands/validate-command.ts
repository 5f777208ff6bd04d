import { CommandValidationError, type ParamIssue } from '../errors';
import type { CommandSpec, ParamSpec } from './command-spec';
import { getCommandSpec } from './command-table';
import { toNamed } from './build-command';
import { displayName, hasOwn, isRecord } from './input-guards';
import { checkParam, checkPassThrough } from './validate-param';

/**
 * A command whose parameters passed validation. `positional` is what goes on the wire as p1..pN (dense:
 * no holes); `named` is the same values under their names with documented defaults filled in, i.e. what
 * the board will use. For unknown commands `named` holds `p1`..`pN`.
 */
export interface ValidatedCommand {
  cmd: string;
  known: boolean;
  positional: (string | number)[];
  named: Record<string, unknown>;
}

/** Command names: a letter, then letters, digits or `_`, at most 32 (safe in topics, URLs and JSON). */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/i;
/** Highest positional index accepted; the longest known mapping ([3P] v137 writecard) reaches p14. */
export const MAX_POSITIONAL = 32;
/** More keys than this is abuse, not a command: reported once instead of once per key. */
const MAX_KEYS = 64;
const POSITIONAL_KEY = /^p([1-9][0-9]{0,5})$/;
/** Keys the bridge owns (tid, ttl, requestId) or that only belong to the transport (token, cmd). */
const RESERVED = new Set(['tid', 'token', 'cmd', 'requestId', 'ttl']);

/** What the caller gave, split by kind, with the positions that already have an issue. */
interface Given {
  slots: Map<number, string | number>;
  reported: Set<number>;
  issues: ParamIssue[];
}

/**
 * Validates a command given by named parameters (contract §4) and/or positional `p1`..`pN`.
 * Numeric strings are coerced for integer parameters; everything else must have the right type.
 * @throws CommandValidationError listing every problem at once; nothing else, whatever the input.
 */
export function validateCommand(cmd: string, params: Record<string, unknown>): ValidatedCommand {
  const issues: ParamIssue[] = [];
  const nameOk = typeof cmd === 'string' && COMMAND_NAME_PATTERN.test(cmd);
  if (!nameOk) issues.push({ param: 'cmd', message: 'must be a letter followed by up to 31 letters, digits or _' });
  const spec = nameOk ? getCommandSpec(cmd) : undefined;
  const given = readParams(spec, params, issues);
  const positional = densify(spec, given);
  if (issues.length > 0) {
    throw new CommandValidationError(typeof cmd === 'string' ? displayName(cmd) : '(invalid)', issues);
  }
  const name = spec?.name ?? cmd;
  return { cmd: name, known: spec !== undefined, positional, named: toNamed(name, positional) };
}

function readParams(spec: CommandSpec | undefined, params: unknown, issues: ParamIssue[]): Given {
  const given: Given = { slots: new Map(), reported: new Set(), issues };
  if (!isRecord(params)) {
    issues.push({ param: 'params', message: 'must be a JSON object' });
    return given;
  }
  const keys = Object.keys(params);
  if (keys.length > MAX_KEYS) {
    issues.push({ param: 'params', message: `too many parameters (at most ${MAX_KEYS})` });
    return given;
  }
  const named: string[] = [];
  for (const key of keys) {
    const index = positionalIndex(key);
    if (index === undefined) named.push(key);
    else readPositional(given, key, index, params[key]);
  }
  if (spec === undefined) rejectNamed(named, issues);
  else readNamed(spec, params, named, given);
  return given;
}

function positionalIndex(key: string): number | undefined {
  const match = POSITIONAL_KEY.exec(key);
  return match === null ? undefined : Number(match[1]);
}

function readPositional(given: Given, key: string, index: number, value: unknown): void {
  const check = index > MAX_POSITIONAL
    ? { ok: false as const, message: `positional parameters go up to p${MAX_POSITIONAL}` }
    : checkPassThrough(value);
  if (check.ok) given.slots.set(index, check.value);
  else report(given, index, key, check.message);
}

/** Unknown commands have no names to map: contract §4 allows only p1..pN for them. */
function rejectNamed(named: string[], issues: ParamIssue[]): void {
  for (const key of named) {
    issues.push({ param: displayName(key), message: reservedMessage(key) ?? 'unknown command: only p1…pN can be given' });
  }
}

function readNamed(spec: CommandSpec, params: Record<string, unknown>, named: string[], given: Given): void {
  const known = new Set(spec.params.map((p) => p.name));
  for (const key of named) {
    if (known.has(key)) continue;
    const takes = spec.params.length > 0 ? `${spec.name} takes ${[...known].join(', ')}` : `${spec.name} takes none`;
    given.issues.push({ param: displayName(key), message: reservedMessage(key) ?? `unknown parameter; ${takes}` });
  }
  spec.params.forEach((param, i) => readOne(param, i + 1, params, given));
}

function readOne(param: ParamSpec, index: number, params: Record<string, unknown>, given: Given): void {
  const byName = hasOwn(params, param.name);
  if (byName && given.slots.has(index)) {
    report(given, index, param.name, `given both by name and as p${index}`);
  } else if (byName) {
    const check = checkParam(param, params[param.name]);
    if (check.ok) given.slots.set(index, check.value);
    else report(given, index, param.name, check.message);
  } else if (param.required && !given.slots.has(index) && !given.reported.has(index)) {
    report(given, index, param.name, 'is required');
  }
}

function report(given: Given, index: number, param: string, message: string): void {
  given.issues.push({ param, message });
  given.reported.add(index);
}

function reservedMessage(key: string): string | undefined {
  return RESERVED.has(key) ? 'is set by the bridge, not a command parameter' : undefined;
}

/**
 * The board reads parameters by position (§3.1), so a gap before the last given one is filled with the
 * documented default; without one the gap is an error rather than a guess.
 */
function densify(spec: CommandSpec | undefined, given: Given): (string | number)[] {
  const last = Math.max(0, ...given.slots.keys());
  const out: (string | number)[] = [];
  for (let index = 1; index <= last; index++) {
    const value = given.slots.get(index) ?? spec?.params[index - 1]?.default;
    if (value !== undefined) out.push(value);
    else if (!given.reported.has(index)) {
      const name = spec?.params[index - 1]?.name ?? `p${index}`;
      const later = spec?.params[last - 1]?.name ?? `p${last}`;
      given.issues.push({ param: name, message: `must be given because ${later} is given (parameters are positional)` });
    }
  }
  return out;
}
