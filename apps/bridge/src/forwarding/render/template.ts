import type { EventEnvelope } from '@board-bridge/board-protocol';

/**
 * `{{path}}` placeholders over an event (docs/forwarding.md). Rendering works on JSON values, never on
 * JSON text: a value is inserted into a string and the body is serialised afterwards, so quotes, line
 * breaks or `}` in an SMS can never break out of their string (the escaping is JSON.stringify's).
 */
export type TemplateContext = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** What templates see: the envelope's fields plus `devId`, `boardName` and `summary`. */
export function templateContext(e: EventEnvelope, boardName?: string): TemplateContext {
  const name = boardName ?? e.board;
  return { ...e, devId: e.board, boardName: name, summary: summaryLine(e, name) };
}

/** Dotted lookup of own properties only; anything missing is undefined. */
export function lookup(ctx: TemplateContext, path: string): unknown {
  let value: unknown = ctx;
  for (const key of path.split('.')) {
    if (FORBIDDEN.has(key) || typeof value !== 'object' || value === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Text of a value inside a string: missing and null are empty, objects are JSON. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every placeholder replaced by its text; `encode` (e.g. encodeURIComponent for URLs) applied to values. */
export function renderString(template: string, ctx: TemplateContext, encode: (s: string) => string = (s) => s): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => encode(asText(lookup(ctx, path))));
}

/**
 * A JSON value with its strings rendered. A string that is one placeholder and nothing else takes the
 * value itself (`"{{data}}"` → the data object, `"{{slot}}"` → a number; missing → null).
 */
export function renderValue(template: unknown, ctx: TemplateContext): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return lookup(ctx, whole[1]) ?? null;
    return renderString(template, ctx);
  }
  if (Array.isArray(template)) return template.map((v) => renderValue(v, ctx));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [renderString(k, ctx), renderValue(v, ctx)]));
  }
  return template;
}

/** One human line per event, the bot templates' default text: `office SIM1: SMS from 10086: …`. */
export function summaryLine(e: EventEnvelope, boardName: string): string {
  const where = e.slot === null ? boardName : `${boardName} SIM${e.slot}`;
  return `${where}: ${describe(e)}`;
}

function describe(e: EventEnvelope): string {
  const d = e.data;
  switch (e.event) {
    case 'sms_received': return `SMS from ${asText(d.from)}: ${asText(d.text)}`;
    case 'sms_sent': return `SMS sent${d.requestId ? ` (${asText(d.requestId)})` : ''}`;
    case 'call_incoming': case 'call_answered': case 'call_ended': case 'call_dialing': case 'call_ringing':
    case 'call_connected':
      return `${e.event.replace('_', ' ')} ${asText(d.number)}`.trim();
    case 'online': return `online (${asText(d.ip)})`;
    default: return e.event.replace(/_/g, ' ');
  }
}
