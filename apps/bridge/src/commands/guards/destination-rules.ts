import type { DestinationRules } from './guard-policy';

export type DestinationRule = 'deny' | 'premium' | 'not-in-allowlist';

export type DestinationVerdict = { ok: true } | { ok: false; rule: DestinationRule; pattern?: string };

/**
 * The forms a destination is matched in: the number with the home country code removed (`+86…` and
 * `0086…` are national numbers), and, when that still starts with the code, without it too (some
 * SMSCs take `86106…` as `106…`). Patterns are written for national numbers, so `+8610658…` is caught by
 * `^106` and cannot slip past a denial by a different spelling.
 */
export function destinationForms(destination: string, homeCountryCode: string): string[] {
  const d = destination.trim();
  const national = d.startsWith(`+${homeCountryCode}`) ? d.slice(homeCountryCode.length + 1)
    : d.startsWith(`00${homeCountryCode}`) ? d.slice(homeCountryCode.length + 2) : d;
  const bare = national.startsWith(homeCountryCode) ? national.slice(homeCountryCode.length) : undefined;
  return bare && bare !== national ? [national, bare] : [national];
}

/**
 * Checks one destination (docs/cost-guards.md "Destinations"), in this order: an operator `deny`
 * pattern; a premium pattern not covered by `premiumExceptions`; then, when `allow` is not empty, a
 * destination matching none of it. A denial or premium match in any form refuses; an allow match in any
 * form passes. Pure.
 */
export function checkDestination(destination: string, rules: DestinationRules): DestinationVerdict {
  const forms = destinationForms(destination, rules.homeCountryCode);
  const denied = firstMatch(rules.deny, forms);
  if (denied) return { ok: false, rule: 'deny', pattern: denied.source };
  const premium = firstMatch(rules.premium, forms);
  if (premium && !firstMatch(rules.premiumExceptions, forms)) {
    return { ok: false, rule: 'premium', pattern: premium.source };
  }
  if (rules.allow.length > 0 && !firstMatch(rules.allow, forms)) return { ok: false, rule: 'not-in-allowlist' };
  return { ok: true };
}

function firstMatch(patterns: readonly RegExp[], forms: readonly string[]): RegExp | undefined {
  return patterns.find((p) => forms.some((f) => p.test(f)));
}
