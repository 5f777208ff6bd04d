import type { BotTemplate } from '../forwarding-types';
import { dingTalkSign, feishuSign } from './signing';

/** Default text of the bot templates: one line per event (template.ts summaryLine). */
export const DEFAULT_BOT_TEXT = '{{summary}}';

export interface BotRequest {
  body: Record<string, unknown>;
  /** Query parameters to add to the webhook URL (DingTalk signing). */
  query?: Record<string, string>;
}

/**
 * The text-message payload of each group bot's webhook, signed where the bot has a secret:
 * - DingTalk: `{"msgtype":"text","text":{"content"}}`; `timestamp` (ms) and `sign` go in the URL query;
 * - WeCom (企业微信): `{"msgtype":"text","text":{"content"}}`; no signature (the key is in the URL);
 * - Feishu: `{"msg_type":"text","content":{"text"}}`; `timestamp` (s) and `sign` go in the body.
 */
export function botRequest(bot: BotTemplate, text: string, nowMs: number, secret?: string): BotRequest {
  switch (bot) {
    case 'dingtalk': {
      const body = { msgtype: 'text', text: { content: text } };
      if (!secret) return { body };
      return { body, query: { timestamp: String(nowMs), sign: dingTalkSign(secret, nowMs) } };
    }
    case 'wecom':
      return { body: { msgtype: 'text', text: { content: text } } };
    case 'feishu': {
      const content = { msg_type: 'text', content: { text } };
      if (!secret) return { body: content };
      const ts = Math.floor(nowMs / 1000);
      return { body: { timestamp: String(ts), sign: feishuSign(secret, ts), ...content } };
    }
  }
}

export type BotVerdict = { ok: true } | { ok: false; retryable: boolean; code: string; retryAfterMs?: number };

/** Codes that mean "too many messages": DingTalk 130101, WeCom 45009, Feishu 9499 / 11232 / 99991400. */
const RATE_LIMITED = new Set(['130101', '45009', '9499', '11232', '99991400']);
/** DingTalk mutes a bot for 10 minutes after too many; wait a minute before the next try. */
const BOT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * The bots answer HTTP 200 with an error code in the body: DingTalk and WeCom `errcode`, Feishu `code`
 * (older `StatusCode`). 0 is success; a rate-limit code is retried after a pause; any other code (bad
 * signature, keyword missing, bad token) is refused for good.
 */
export function botVerdict(bot: BotTemplate, bodyText: string): BotVerdict {
  let reply: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (typeof parsed !== 'object' || parsed === null) return { ok: true };
    reply = parsed as Record<string, unknown>;
  } catch {
    return { ok: true }; // not a bot reply we can judge: the HTTP status already said 2xx
  }
  const raw = bot === 'feishu' ? reply.code ?? reply.StatusCode : reply.errcode;
  if (raw === undefined || raw === null || Number(raw) === 0) return { ok: true };
  const code = String(raw);
  return RATE_LIMITED.has(code) ? { ok: false, retryable: true, code, retryAfterMs: BOT_RATE_LIMIT_WAIT_MS }
    : { ok: false, retryable: false, code };
}
