import fc from 'fast-check';

/**
 * Hostile input for the `*.fuzz.spec.ts` property tests (issue 6 "Fuzzing"): what a forged board, a broken
 * proxy or an abusive MQTT/HTTP client can send. Arbitraries only, no assertions on behaviour.
 */

/** Keys that reach a prototype when an object is copied key by key with plain assignment. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Names every plain object inherits: `obj[name]` without an own-property check finds them. */
export const INHERITED_NAMES = [
  '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__defineGetter__', '__lookupGetter__',
] as const;

/** One mebibyte of text: far above every configured limit, still quick to build and scan. */
export const MEGABYTE = 'x'.repeat(1 << 20);

/** Numbers at and beyond the edges of what JSON, doubles and safe integers hold. */
export const hugeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64,
    Infinity, -Infinity, NaN, -0),
  fc.double(),
);

/** Number literals as JSON text or FORM values: overflow to Infinity, lose precision, or only look numeric. */
export const hugeNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1e400', '-1e400', '9'.repeat(400), '0.' + '0'.repeat(400) + '1', '-0', '1e-400', '0x10', '1_000',
    '１２', '١٢', 'Infinity', 'NaN', '9007199254740993', '+1', ' 2', '2 '),
  fc.bigInt().map(String),
);

/** Text that breaks naive code: NUL, lone surrogates, bidi and line separators, BOM, percent traps. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\u202e', '\u2028\u2029', '\ufeff',
    '%00', '%C0%AF', '%ZZ', '%', '%%25', '\r\n\r\n', '\u0011\u0012', '{"', '[', '"', ...INHERITED_NAMES, 'polluted'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** Byte sequences that are not UTF-8: lone continuation, overlong, surrogate halves, truncation, 0xFF. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc.constantFrom(
  [0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xbd],
  [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xc3],
).map((bytes) => Buffer.from(bytes));

/** JSON text nested `depth` levels deep, as arrays or objects, around `core`. */
export function deepJsonText(depth: number, kind: 'array' | 'object', core = '1'): string {
  return kind === 'array' ? '['.repeat(depth) + core + ']'.repeat(depth) : '{"a":'.repeat(depth) + core + '}'.repeat(depth);
}

/**
 * Deeply nested JSON text: from just above the parsers' nesting caps to far beyond what a recursive
 * JSON.stringify survives (a few thousand levels on Node 20's default stack).
 */
export const deepJson: fc.Arbitrary<string> = fc.tuple(
  fc.oneof(fc.integer({ min: 30, max: 200 }), fc.constantFrom(5_000, 10_000)),
  fc.constantFrom('array' as const, 'object' as const),
).map(([depth, kind]) => deepJsonText(depth, kind));

/** JSON text that pollutes Object.prototype if its keys are ever assigned into plain objects. */
export const POLLUTING_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
  '{"__proto__":[1,2]}',
  '{"__proto__":null}',
] as const;

/** A JSON scalar as text, hostile where possible. */
const scalarJson: fc.Arbitrary<string> = fc.oneof(
  hugeNumberText.filter((t) => /^-?\d/.test(t) && !/[_x]/.test(t) && !/\s/.test(t)),
  hostileText.map((s) => JSON.stringify(s)),
  fc.constantFrom('null', 'true', 'false', '0', '-1', '1.5'),
);

/**
 * JSON object text whose keys are drawn from `keys` (plus pollution keys and random text) and whose values
 * are hostile scalars, polluting objects or deep nesting. Built as text so `__proto__` arrives exactly as
 * JSON.parse delivers it: as an own key.
 */
export function hostileJsonObject(keys: readonly string[] = []): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...POLLUTION_KEYS, ...keys, 'devId', 'type') }, hostileText);
  const value = fc.oneof(
    { weight: 4, arbitrary: scalarJson },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTING_JSON) },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: fc.array(scalarJson, { maxLength: 4 }).map((items) => `[${items.join(',')}]`) },
  );
  return fc.array(fc.tuple(key, value), { maxLength: 10 })
    .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
}

/** An object with arbitrary own enumerable keys, `__proto__` included (as JSON.parse would make it). */
export function withOwnKeys(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return obj;
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** True while nothing has been added to, or replaced on, Object.prototype and Array.prototype. */
export function prototypesIntact(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && ([] as unknown as Record<string, unknown>).polluted === undefined
    && Object.getPrototypeOf(probe) === Object.prototype
    && Object.getOwnPropertyNames(Object.prototype).sort().join() === PROTOTYPE_NAMES.join();
}

/**
 * Rough serialised size of a value (string lengths, keys, one per node), walked without recursion so a
 * value nested 100 000 levels deep can still be measured; used to show outputs stay bounded by inputs.
 */
export function roughSize(value: unknown): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    size += 1;
    if (typeof v === 'string') size += v.length;
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        size += k.length;
        stack.push(item);
      }
    } else size += String(v).length;
  }
  return size;
}

/** Returns what `fn` returned, or the exception it threw, so assertions stay outside try/catch. */
export function outcomeOf<T>(fn: () => T): { value: T } | { error: unknown } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}
