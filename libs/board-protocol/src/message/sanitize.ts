import { MessageShapeError } from '../errors';
import { isRecord, type Fields } from './fields';

/**
 * Board messages are JSON from an untrusted peer. Copying them key by key into ordinary objects would let
 * a `__proto__` key (an own property after `JSON.parse`) replace the copy's prototype, so these three
 * names are never copied anywhere: no board field is called that, and dropping them cannot lose data.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any board message (stat replies nest three levels); beyond this it is junk, not a message. */
export const MAX_NESTING = 32;

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/**
 * A JSON-only deep copy of the received object: the `raw` every message and envelope carries. Values that
 * JSON cannot hold (functions, symbols, NaN) are dropped or nulled so the envelope always serialises.
 * @throws MessageShapeError when nested deeper than {@link MAX_NESTING}.
 */
export function copyRaw(raw: Fields): Fields {
  return copyObject(raw, 0);
}

function copyObject(source: Fields, depth: number): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(source)) {
    if (isForbiddenKey(key)) continue;
    const copied = copyValue(value, depth + 1);
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}

function copyValue(value: unknown, depth: number): unknown {
  if (depth > MAX_NESTING) throw new MessageShapeError('message', `nested deeper than ${MAX_NESTING} levels`);
  if (Array.isArray(value)) return Array.from(value, (item) => copyValue(item, depth + 1) ?? null);
  if (isRecord(value)) return copyObject(value, depth);
  switch (typeof value) {
    case 'string': case 'boolean': return value;
    case 'number': return Number.isFinite(value) ? value + 0 : null; // −0 is not JSON
    case 'bigint': return value.toString();
    default: return value === null ? null : undefined;
  }
}

/**
 * The view the parsers read: a prototype-less shallow copy of `raw` with the board's aliases applied
 * (§2.4: any system field may be renamed, e.g. `ssid` → `apName`). `aliases` maps the board's name to the
 * standard one. When both names are present the standard field wins: the board sent it under its own name.
 */
export function withAliases(raw: Fields, aliases: Readonly<Record<string, string>> | undefined): Fields {
  const fields: Fields = Object.create(null);
  for (const [key, value] of Object.entries(raw)) fields[key] = value;
  if (!aliases) return fields;
  for (const [boardName, standardName] of Object.entries(aliases)) {
    if (typeof standardName !== 'string' || isForbiddenKey(standardName)) continue;
    if (Object.hasOwn(raw, boardName) && !Object.hasOwn(fields, standardName)) fields[standardName] = raw[boardName];
  }
  return fields;
}
