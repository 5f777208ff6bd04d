import { encodeUpload } from '@board-bridge/board-protocol';
import { BRIDGE_VERSION } from '../../version';
import type { ForwardJob, ForwardRule, ForwardTarget } from '../forwarding-types';
import { botRequest, DEFAULT_BOT_TEXT } from './bot-templates';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, bridgeSignature } from './signing';
import { renderString, renderValue, type TemplateContext, templateContext } from './template';

/** One HTTP request, ready for the sender. */
export interface OutgoingRequest {
  method: 'GET' | 'POST';
  /** Absolute URL, placeholders expanded. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

interface Payload {
  method: 'GET' | 'POST';
  /** Query parameters to append, already encoded (`a=1&b=2`). */
  query: string;
  contentType?: string;
  body?: Buffer;
}

/**
 * The request for one attempt of one forward to one target: rendered from the job alone (so any
 * instance renders the same thing) plus the time, which signatures and bot timestamps need fresh.
 */
export function renderRequest(job: ForwardJob, rule: ForwardRule, target: ForwardTarget, nowMs: number,
  boardName?: string): OutgoingRequest {
  const ctx = templateContext(job.envelope, boardName);
  const payload = renderPayload(job, rule, ctx, nowMs);
  const url = appendQuery(renderString(target.url, ctx, encodeURIComponent), payload.query);
  const headers: Record<string, string> = {
    'user-agent': `board-bridge/${BRIDGE_VERSION}`,
    'x-bridge-event-id': job.envelope.eventId,
    'x-bridge-delivery-id': `${job.envelope.eventId}.${rule.name}`,
    ...target.headers,
  };
  if (payload.contentType) headers['content-type'] = payload.contentType;
  if (rule.secret) sign(headers, rule.secret, nowMs, payload.method === 'GET' ? queryOf(url) : payload.body ?? '');
  return { method: payload.method, url, headers, body: payload.body };
}

function renderPayload(job: ForwardJob, rule: ForwardRule, ctx: TemplateContext, nowMs: number): Payload {
  switch (rule.format) {
    case 'board': {
      // board-protocol §1.2 / §4.2: the board's own fields, in the board's encoding, encrypted like the board.
      const req = encodeUpload(job.envelope.raw, rule.encoding, { aes: rule.aes });
      return { method: req.method as 'GET' | 'POST', query: req.query, contentType: req.contentType, body: req.body };
    }
    case 'event':
      return json(job.envelope);
    case 'template':
      return templatePayload(rule, ctx, nowMs);
  }
}

function templatePayload(rule: ForwardRule, ctx: TemplateContext, nowMs: number): Payload {
  if (rule.template === 'custom' || rule.template === undefined) return json(renderValue(rule.body ?? null, ctx));
  const bot = botRequest(rule.template, renderString(rule.text ?? DEFAULT_BOT_TEXT, ctx), nowMs, rule.botSecret);
  const query = bot.query ? new URLSearchParams(bot.query).toString() : '';
  return { ...json(bot.body), query };
}

function json(value: unknown): Payload {
  return { method: 'POST', query: '', contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

function sign(headers: Record<string, string>, secret: string, nowMs: number, payload: string | Buffer): void {
  const ts = Math.floor(nowMs / 1000);
  headers[TIMESTAMP_HEADER] = String(ts);
  headers[SIGNATURE_HEADER] = bridgeSignature(secret, ts, payload);
}

export function appendQuery(url: string, query: string): string {
  if (!query) return url;
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${query}`;
}

function queryOf(url: string): string {
  const i = url.indexOf('?');
  return i >= 0 ? url.slice(i + 1) : '';
}
