import { isUtf8 } from 'node:buffer';
import { FrameSyntaxError } from '../errors';
import { printableExcerpt } from './excerpt';

/**
 * Parses one JSON text (a TCP frame, an HTTP body or a `p=` value) and returns whatever value it holds.
 * board-protocol §1.4: frames are UTF-8 JSON; a Buffer that is not valid UTF-8 is rejected rather than
 * decoded lossily, so a corrupted frame cannot turn into a plausible message.
 * @throws FrameSyntaxError for invalid UTF-8 or invalid JSON; never anything else.
 */
export function parseJsonValue(input: string | Buffer): unknown {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if (!isUtf8(input)) throw new FrameSyntaxError('not valid UTF-8', printableExcerpt(input));
    text = input.toString('utf8');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    // JSON.parse only throws SyntaxError, but a pathological input must not escape as anything else.
    const reason = err instanceof Error ? err.message : 'invalid JSON';
    throw new FrameSyntaxError(reason.slice(0, 120), printableExcerpt(text));
  }
}

/** True for `{…}` values: not null, not an array, not a primitive. */
export function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one JSON text that must hold a JSON object (every board message is one, §2.1).
 * @throws FrameSyntaxError when the text is not valid UTF-8 JSON or its value is not an object.
 */
export function parseJsonObject(input: string | Buffer): Record<string, unknown> {
  const value = parseJsonValue(input);
  if (!isPlainJsonObject(value)) {
    throw new FrameSyntaxError(`JSON value is ${describeJsonValue(value)}, not an object`, printableExcerpt(input));
  }
  return value;
}

/** A short name for a JSON value's kind, for error reasons. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
