import { BoardProtocolError, parseAesSecret } from '@board-bridge/board-protocol';
import { z } from 'zod';

/**
 * The `forwarding:` section of the bridge's config file (BOARDS_FILE): rules that send board events to
 * HTTP receivers and chat bots (docs/forwarding.md). Validated at start with everything else; every
 * problem is reported at once by loadConfig.
 */

/** Names become metric labels and Redis key parts: short and plain. */
const name = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (1–64)');
const EVENT_NAMES = ['online', 'sim_initializing', 'sim_identified', 'sim_ready', 'sim_removed', 'sim_error',
  'modem_error', 'sms_received', 'sms_sent', 'call_incoming', 'call_answered', 'call_ended', 'call_dialing',
  'call_ringing', 'call_connected', 'dtmf', 'call_control', 'call_forwarding', 'ping', 'reply', 'unknown'] as const;

/** `20/min`, `5/s`, `100/h`: at most N requests in any such window. */
export interface RateLimit {
  count: number;
  windowMs: number;
}

const UNIT_MS: Record<string, number> = { s: 1_000, sec: 1_000, min: 60_000, m: 60_000, h: 3_600_000, hour: 3_600_000 };

export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{0,6})\s*(s|sec|min|m|h|hour)\s*$/.exec(text);
  if (!m || Number(m[1]) < 1) return undefined;
  const times = m[2] ? Number(m[2]) : 1;
  return times >= 1 ? { count: Number(m[1]), windowMs: times * UNIT_MS[m[3]] } : undefined;
}

const rateLimit = z.string().transform((text, ctx) => {
  const parsed = parseRateLimit(text);
  if (!parsed) ctx.addIssue({ code: 'custom', message: 'must look like 20/min, 5/s, 100/h or 30/10s' });
  return parsed as RateLimit;
});

/** The origin is fixed (one connection pool each); `{{…}}` placeholders may follow it, as on the board (§1.1). */
const targetUrl = z.string().max(2048).superRefine((url, ctx) => {
  const m = /^(https?:\/\/[^/?#{}]+)([/?].*)?$/.exec(url);
  if (!m) ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL with a fixed host (placeholders only after it)' });
  else if (!URL.canParse(m[1])) ctx.addIssue({ code: 'custom', message: 'host part is not a valid URL' });
});

const headers = z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, 'not an HTTP header name'),
  z.string().max(8192).refine((v) => !/[\r\n]/.test(v), 'no line breaks in header values'));

const aesSecret = z.string().min(1).superRefine((text, ctx) => {
  try {
    parseAesSecret(text);
  } catch (err) {
    if (!(err instanceof BoardProtocolError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

const targetObject = z.object({
  name,
  url: targetUrl,
  rateLimit: rateLimit.optional(),
  headers: headers.optional(),
}).strict();

const retrySchema = z.object({
  /** Attempts per message in all, the first one included (broadcast: per target). */
  attempts: z.number().int().min(1).max(100).default(6),
  /** Delay before the second attempt; doubles each time, with full jitter, up to maxDelayMs. */
  baseDelayMs: z.number().int().min(1).max(3_600_000).default(1_000),
  maxDelayMs: z.number().int().min(1).max(86_400_000).default(300_000),
}).strict();

const ruleSchema = z.object({
  name,
  /** Event names (bridge-contract §3); all events when absent. */
  events: z.array(z.enum(EVENT_NAMES)).min(1).optional(),
  /** Board ids or globs (`*`, `?`); all boards when absent. */
  boards: z.array(z.string().min(1).max(64)).min(1).optional(),
  /** SIM slots; events without a slot never match a rule that names slots. */
  slots: z.array(z.number().int().min(0).max(8)).min(1).optional(),
  mode: z.enum(['round-robin', 'broadcast']).default('round-robin'),
  format: z.enum(['board', 'event', 'template']).default('event'),
  /** format board: the board's HTTP setting (board-protocol §1.2). */
  encoding: z.enum(['post-form', 'post-json', 'get-form', 'get-json']).optional(),
  /** format board: encrypt like the board (§4); both or neither. */
  aesKey: aesSecret.optional(),
  aesIv: aesSecret.optional(),
  /** format template: a ready-made bot payload, or `custom` with `body`. */
  template: z.enum(['dingtalk', 'wecom', 'feishu', 'custom']).optional(),
  /** Bot templates: the message text, with `{{…}}` placeholders. */
  text: z.string().min(1).max(4096).optional(),
  /** Custom template: any JSON value whose strings may hold `{{…}}` placeholders. */
  body: z.unknown().optional(),
  /** DingTalk / Feishu signing secret of the bot ("加签"). */
  botSecret: z.string().min(1).max(256).optional(),
  /** Adds X-Bridge-Timestamp and X-Bridge-Signature (HMAC-SHA256) to every request. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  retry: retrySchema.default({ attempts: 6, baseDelayMs: 1_000, maxDelayMs: 300_000 }),
  /** Default rate limit of each target of the rule. */
  rateLimit: rateLimit.optional(),
  headers: headers.optional(),
  /** Sockets per receiver origin (keep-alive pool). */
  connections: z.number().int().min(1).max(256).default(8),
  targets: z.array(z.union([targetUrl, targetObject])).min(1).max(64),
}).strict().superRefine(checkFormatFields, { when: isObject });

type RuleInput = z.infer<typeof ruleSchema>;

/** Cross-field checks run even when a field failed, so one start reports every problem (zod skips them otherwise). */
function isObject(payload: { value: unknown }): boolean {
  return typeof payload.value === 'object' && payload.value !== null;
}

/** Fields that belong to one format only are refused elsewhere, so a typo is not silently ignored. */
function checkFormatFields(r: RuleInput, ctx: z.RefinementCtx): void {
  if (typeof r.format !== 'string') return;
  const problem = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if ((r.aesKey === undefined) !== (r.aesIv === undefined)) problem('aesKey and aesIv go together', 'aesKey');
  if (r.format !== 'board') {
    for (const f of ['encoding', 'aesKey'] as const) if (r[f] !== undefined) problem(`only for format: board`, f);
  }
  if (r.format !== 'template') {
    for (const f of ['template', 'text', 'body', 'botSecret'] as const) if (r[f] !== undefined) problem('only for format: template', f);
    return;
  }
  if (!r.template) problem('format template needs template: dingtalk, wecom, feishu or custom', 'template');
  if (r.template === 'custom' && r.body === undefined) problem('template custom needs a body', 'body');
  if (r.template !== 'custom' && r.body !== undefined) problem('body is for template custom only', 'body');
  if (r.template === 'custom' && r.text !== undefined) problem('text is for the bot templates', 'text');
  if ((r.template === 'wecom' || r.template === 'custom') && r.botSecret !== undefined) {
    problem('only DingTalk and Feishu bots sign requests', 'botSecret');
  }
}

export const forwardingSchema = z.object({
  rules: z.array(ruleSchema).max(256).default([]),
}).strict().superRefine(checkUniqueNames, { when: isObject });

/** Rule names and target names (metric labels, Redis keys) are unique over the whole section. */
function checkUniqueNames(f: { rules?: unknown }, ctx: z.RefinementCtx): void {
  if (!Array.isArray(f.rules)) return;
  const rules = f.rules.filter(isObjectValue) as { name?: unknown; targets?: unknown }[];
  const seen = new Set<unknown>();
  const targets = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.name)) ctx.addIssue({ code: 'custom', message: `rule name ${String(r.name)} is used twice`, path: ['rules', i, 'name'] });
    seen.add(r.name);
    if (!Array.isArray(r.targets)) return;
    r.targets.forEach((t: unknown, j: number) => {
      const id = typeof t === 'string' ? `${String(r.name)}-${j + 1}` : isObjectValue(t) ? String((t as { name?: unknown }).name) : '';
      if (targets.has(id)) ctx.addIssue({ code: 'custom', message: `target name ${id} is used twice`, path: ['rules', i, 'targets', j] });
      targets.add(id);
    });
  });
}

function isObjectValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

/** A target given as a bare URL is named `<rule>-<n>` (1-based). */
export function targetName(rule: string, t: string | { name: string }, index: number): string {
  return typeof t === 'string' ? `${rule}-${index + 1}` : t.name;
}

export type ForwardingSettings = z.infer<typeof forwardingSchema>;
export type ForwardRuleSettings = ForwardingSettings['rules'][number];
