import type { EventName } from '../message/envelope';
import type { ParseOptions } from '../message/types';

/**
 * One board message as a raw object (what the framing/upload layer hands to `parseMessage`), with where
 * it comes from and the event it must become. Deep-frozen so a test that mutates one fails loudly instead
 * of breaking other tests.
 */
export interface BoardFixture {
  /** Section of board-protocol.md the example (or the variant's rule) comes from. */
  readonly source: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly expectedEvent: EventName;
  /** Options the bridge would pass for this board (aliases, the session's devId). */
  readonly parseOptions?: ParseOptions;
}

export function fixture(
  source: string, expectedEvent: EventName, raw: Record<string, unknown>, parseOptions?: ParseOptions,
): BoardFixture {
  return deepFreeze({ source, expectedEvent, raw, ...(parseOptions ? { parseOptions } : {}) });
}

/** The FORM encoding of a fixture (§1.2 POST + FORM): every top-level value becomes a string. */
export function asFormFields(raw: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
