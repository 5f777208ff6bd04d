import { AesCodec, type EventEnvelope } from '@board-bridge/board-protocol';
import { type ForwardingSettings, type ForwardRuleSettings, targetName } from '../config/forwarding-schema';
import type { ForwardRule, ForwardTarget, Lane } from './forwarding-types';

/** `*` any run of characters, `?` one character; everything else literal. Anchored. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Does the rule take this event (by event name, board id or glob, slot)? */
export function ruleMatches(rule: ForwardRule, e: Pick<EventEnvelope, 'event' | 'board' | 'slot'>): boolean {
  if (rule.events && !rule.events.has(e.event)) return false;
  if (rule.boards && !rule.boards.some((re) => re.test(e.board))) return false;
  if (rule.slots && (e.slot === null || !rule.slots.has(e.slot))) return false;
  return true;
}

/** The config section as rules ready to use: codecs built, globs compiled, defaults applied. */
export function resolveRules(settings: ForwardingSettings | undefined): ForwardRule[] {
  return (settings?.rules ?? []).map(resolveRule);
}

function resolveRule(r: ForwardRuleSettings): ForwardRule {
  return {
    name: r.name,
    events: r.events ? new Set(r.events) : undefined,
    boards: r.boards?.map(globToRegExp),
    slots: r.slots ? new Set(r.slots) : undefined,
    mode: r.mode, format: r.format, encoding: r.encoding ?? 'post-form',
    aes: r.aesKey && r.aesIv ? new AesCodec(r.aesKey, r.aesIv) : undefined,
    template: r.template, text: r.text, body: r.body, botSecret: r.botSecret, secret: r.secret,
    timeoutMs: r.timeoutMs, connections: r.connections, retry: r.retry,
    targets: r.targets.map((t, i): ForwardTarget => {
      const url = typeof t === 'string' ? t : t.url;
      return {
        name: targetName(r.name, t, i), url, origin: originOf(url),
        rateLimit: (typeof t === 'string' ? undefined : t.rateLimit) ?? r.rateLimit,
        headers: { ...r.headers, ...(typeof t === 'string' ? {} : t.headers) },
      };
    }),
  };
}

/** The fixed `scheme://host[:port]` part (the schema guarantees there is one). */
export function originOf(url: string): string {
  const m = /^(https?:\/\/[^/?#{}]+)/.exec(url);
  if (!m) throw new Error(`not an http(s) URL with a fixed host: ${url}`);
  return new URL(m[1]).origin;
}

/** Round-robin: one lane over the rule's targets; broadcast: one lane per target. */
export function lanesOf(rules: readonly ForwardRule[]): Lane[] {
  return rules.flatMap((rule): Lane[] => rule.mode === 'round-robin'
    ? [{ id: rule.name, rule, targets: rule.targets, label: '*' }]
    : rule.targets.map((t) => ({ id: `${rule.name}/${t.name}`, rule, targets: [t], label: t.name })));
}

/** Lanes grouped by rule, for enqueueing. */
export function lanesByRule(lanes: readonly Lane[]): Map<string, Lane[]> {
  const out = new Map<string, Lane[]>();
  for (const lane of lanes) out.set(lane.rule.name, [...(out.get(lane.rule.name) ?? []), lane]);
  return out;
}
