import type { EnumParamSpec, IntegerParamSpec, ParamSpec, StringParamSpec } from './command-spec';
import { codePointLength } from './input-guards';

/**
 * Checks one parameter value against its spec and returns the value to send, coerced where §3.1 allows
 * (numeric strings for "数值型" parameters: several vendor examples quote numbers). Never throws: every
 * problem comes back as a message so the caller can report all of them at once.
 */
export type ParamCheck = { ok: true; value: string | number } | { ok: false; message: string };

/** Longest positional pass-through string: generous for TTS/SMS text, bounded against abuse. */
export const MAX_PASS_THROUGH_CHARS = 4096;

/** An integer as a string: optional minus, at most 16 digits (beyond that precision is lost anyway). */
const INTEGER_STRING = /^-?[0-9]{1,16}$/;

const patternCache = new Map<string, RegExp>();

export function checkParam(spec: ParamSpec, value: unknown): ParamCheck {
  switch (spec.type) {
    case 'integer': return checkInteger(spec, value);
    case 'string': return checkString(spec, value);
    case 'enum': return checkEnum(spec, value);
  }
}

/** `pN` given for any command is passed through unchanged (contract §4); only its shape is checked. */
export function checkPassThrough(value: unknown): ParamCheck {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'must be a finite number' };
  }
  if (typeof value !== 'string') return fail(`must be a string or a number, got ${describe(value)}`);
  if (value.length > MAX_PASS_THROUGH_CHARS) return fail(`must be at most ${MAX_PASS_THROUGH_CHARS} characters long`);
  return value.includes('\u0000') ? fail(NUL_MESSAGE) : { ok: true, value };
}

function checkInteger(spec: IntegerParamSpec, value: unknown): ParamCheck {
  const n = toInteger(value);
  if (typeof n === 'string') return fail(n);
  if (n < spec.min || n > spec.max) return fail(`must be between ${spec.min} and ${spec.max}`);
  return { ok: true, value: n };
}

function checkEnum(spec: EnumParamSpec, value: unknown): ParamCheck {
  const numeric = spec.values.every((v) => typeof v === 'number');
  const candidate = numeric ? toInteger(value) : value;
  if (!numeric && typeof value !== 'string') return fail(`must be a string, got ${describe(value)}`);
  if (numeric && typeof candidate === 'string') return fail(candidate);
  const found = spec.values.find((v) => v === candidate);
  return found === undefined ? fail(`must be one of ${spec.values.join(', ')}`) : { ok: true, value: found };
}

function checkString(spec: StringParamSpec, value: unknown): ParamCheck {
  if (typeof value !== 'string') return fail(`must be a string, got ${describe(value)}`);
  const length = codePointLength(value, spec.maxLength);
  if (length > spec.maxLength) return fail(`must be at most ${spec.maxLength} characters long`);
  if (length < spec.minLength) {
    return fail(spec.minLength === 1 ? 'must not be empty' : `must be at least ${spec.minLength} characters long`);
  }
  // The firmware is C: a NUL would silently cut the value short.
  if (value.includes('\u0000')) return fail(NUL_MESSAGE);
  if (spec.maxBytes !== undefined && Buffer.byteLength(value, 'utf8') > spec.maxBytes) {
    return fail(`must be at most ${spec.maxBytes} bytes in UTF-8`);
  }
  if (spec.pattern !== undefined && !compiled(spec.pattern).test(value)) {
    return fail(`has an invalid format (must match ${spec.pattern})`);
  }
  return { ok: true, value };
}

/** The integer a value stands for, or the message explaining why it is not one. */
function toInteger(value: unknown): number | string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : 'must be a whole number';
  }
  if (typeof value === 'string') {
    return INTEGER_STRING.test(value) ? Number(value) : 'must be an integer (a number or a string of digits)';
  }
  return `must be an integer, got ${describe(value)}`;
}

const NUL_MESSAGE = 'must not contain NUL characters';

function fail(message: string): ParamCheck {
  return { ok: false, message };
}

/** The kind of a wrong value, never the value itself (it may be huge or hostile). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return value === undefined ? 'undefined' : `a ${typeof value}`;
}

/** Patterns come from the frozen table, so compiling each once is safe and bounded. */
function compiled(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}
