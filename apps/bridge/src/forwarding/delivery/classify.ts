import type { BotTemplate } from '../forwarding-types';
import { botVerdict } from '../render/bot-templates';
import {
  type ForwardError, ForwardRefusedError, ForwardUnavailableError,
} from '../forwarding-errors';
import { parseRetryAfter } from './backoff';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Read only for bot templates (their errors come with status 200). */
  body?: string;
}

/**
 * An answer as success (null) or a typed error: 2xx is success (for bots, unless the body says
 * otherwise); 408, 429 and 5xx are the receiver's unavailability, retried (Retry-After honoured);
 * other 4xx and 3xx (no redirect is followed) are refusals, not retried.
 */
export function classifyAnswer(target: string, a: HttpAnswer, nowMs: number, bot?: BotTemplate): ForwardError | null {
  const retryAfterMs = parseRetryAfter(a.headers['retry-after'], nowMs);
  const s = a.status;
  if (s >= 200 && s < 300) return bot ? botError(target, bot, a.body ?? '') : null;
  if (s === 429) return new ForwardUnavailableError(target, 'status-429', 'receiver answered 429', { status: s, retryAfterMs });
  if (s >= 500 || s === 408) {
    return new ForwardUnavailableError(target, 'status-5xx', `receiver answered ${s}`, { status: s, retryAfterMs });
  }
  if (s >= 300 && s < 400) return new ForwardRefusedError(target, 'status-3xx', `receiver answered ${s} (redirects are not followed)`, { status: s });
  return new ForwardRefusedError(target, 'status-4xx', `receiver answered ${s}`, { status: s });
}

function botError(target: string, bot: BotTemplate, body: string): ForwardError | null {
  const v = botVerdict(bot, body);
  if (v.ok) return null;
  return v.retryable
    ? new ForwardUnavailableError(target, 'bot-rate-limit', `${bot} bot is rate limiting (code ${v.code})`,
      { status: 200, code: v.code, retryAfterMs: v.retryAfterMs })
    : new ForwardRefusedError(target, 'bot-error', `${bot} bot refused the message (code ${v.code})`, { status: 200, code: v.code });
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'FORWARD_DEADLINE', 'ETIMEDOUT']);

/** A transport failure (no answer at all): always the receiver's unavailability. */
export function classifyFailure(target: string, err: unknown, timeoutMs: number): ForwardError {
  const code = codeOf(err);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new ForwardUnavailableError(target, 'timeout', `no answer within ${timeoutMs} ms`, {}, { cause: err });
  }
  return new ForwardUnavailableError(target, 'network', `cannot reach receiver${code ? ` (${code})` : ''}`, {}, { cause: err });
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, errors, cause } = err as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors)) return codeOf(errors[0]);
  return cause === undefined ? undefined : codeOf(cause);
}
