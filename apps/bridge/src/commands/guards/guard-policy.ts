import { COMMAND_TABLE } from '@board-bridge/board-protocol';
import type {
  DestinationsFile, GuardPolicyFile, GuardsFile, ScopeLimitsFile, WindowLimitsFile,
} from '../../config/guards-schema';
import { BUILTIN_HOME_COUNTRY_CODE, BUILTIN_LIMITS, BUILTIN_PREMIUM_PATTERNS } from './guard-defaults';

/** Commands allowed per window; a missing field means no limit for that window. */
export interface WindowLimits {
  perMinute?: number;
  perHour?: number;
  perDay?: number;
}

export interface ScopeLimits {
  board: WindowLimits;
  sim: WindowLimits;
}

export interface DestinationRules {
  allow: readonly RegExp[];
  deny: readonly RegExp[];
  /** Empty when `premium: allow`. */
  premium: readonly RegExp[];
  premiumExceptions: readonly RegExp[];
  homeCountryCode: string;
}

/** What applies to one board. */
export interface BoardGuard {
  enabled: boolean;
  limits(cmd: string): ScopeLimits;
  destinations: DestinationRules;
}

const WINDOW_FIELDS = ['perMinute', 'perHour', 'perDay'] as const;

/**
 * The `guards:` section resolved against the built-in defaults (docs/cost-guards.md "Configuration").
 * Layers, each overriding the one before field by field: built-in → global `limits.default` → global
 * `limits.<cmd>` → the board's `limits.default` → the board's `limits.<cmd>`. Destinations: a board's
 * field replaces the global one, except `deny`, which adds to it.
 */
export class GuardPolicy {
  readonly commands: ReadonlySet<string>;
  readonly timeZone: number | string;
  readonly whenSharedStateDown: 'local' | 'refuse';
  private readonly global: BoardGuard;
  private readonly boards = new Map<string, BoardGuard>();

  constructor(private readonly file: GuardsFile = {}, defaultTimeZone: number) {
    this.commands = new Set(file.commands?.map((c) => c.toLowerCase())
      ?? COMMAND_TABLE.filter((spec) => spec.costly).map((spec) => spec.name));
    this.timeZone = file.timeZone ?? defaultTimeZone;
    this.whenSharedStateDown = file.whenSharedStateDown ?? 'local';
    this.global = resolveBoard(file, undefined);
    for (const [board, own] of Object.entries(file.boards ?? {})) this.boards.set(board, resolveBoard(file, own));
  }

  /** Whether `cmd` (the table's name) is guarded at all; board `enabled` may still switch it off. */
  guards(cmd: string): boolean {
    return this.file.enabled !== false && this.commands.has(cmd);
  }

  forBoard(board: string): BoardGuard {
    return this.boards.get(board) ?? this.global;
  }
}

function resolveBoard(file: GuardsFile, own: GuardPolicyFile | undefined): BoardGuard {
  const cache = new Map<string, ScopeLimits>();
  return {
    enabled: own?.enabled ?? file.enabled ?? true,
    destinations: resolveDestinations(file.destinations, own?.destinations),
    limits: (cmd) => {
      let limits = cache.get(cmd);
      if (!limits) {
        limits = resolveLimits([BUILTIN_LIMITS[cmd] ?? BUILTIN_LIMITS.default, file.limits?.default,
          file.limits?.[cmd], own?.limits?.default, own?.limits?.[cmd]]);
        cache.set(cmd, limits);
      }
      return limits;
    },
  };
}

/** Overlays scope limits in order; `null` in a later layer removes the limit. */
export function resolveLimits(layers: readonly (ScopeLimitsFile | undefined)[]): ScopeLimits {
  return { board: mergeWindows(layers.map((l) => l?.board)), sim: mergeWindows(layers.map((l) => l?.sim)) };
}

function mergeWindows(layers: readonly (WindowLimitsFile | undefined)[]): WindowLimits {
  const out: WindowLimits = {};
  for (const layer of layers) {
    for (const field of WINDOW_FIELDS) {
      if (!layer || !(field in layer)) continue;
      const value = layer[field];
      if (value === null || value === undefined) delete out[field];
      else out[field] = value;
    }
  }
  return out;
}

export function resolveDestinations(global: DestinationsFile | undefined, own: DestinationsFile | undefined):
  DestinationRules {
  const pick = <K extends keyof DestinationsFile>(k: K) => own?.[k] ?? global?.[k];
  const premium = pick('premium') ?? 'block';
  return {
    allow: compile(pick('allow') ?? []),
    deny: compile([...(global?.deny ?? []), ...(own?.deny ?? [])]),
    premium: premium === 'block' ? compile(pick('premiumPatterns') ?? BUILTIN_PREMIUM_PATTERNS) : [],
    premiumExceptions: compile(pick('premiumExceptions') ?? []),
    homeCountryCode: pick('homeCountryCode') ?? BUILTIN_HOME_COUNTRY_CODE,
  };
}

/** The schema checked every pattern at start, so this cannot throw for a loaded config. */
function compile(sources: readonly string[]): RegExp[] {
  return sources.map((s) => new RegExp(s));
}
