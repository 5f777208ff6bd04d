import { getCommandSpec } from '@board-bridge/board-protocol';
import { z } from 'zod';

/**
 * The `guards:` section of the BOARDS_FILE: limits and destination rules for commands that cost money
 * (issue 6 "Commands that cost money"; docs/cost-guards.md). Everything is optional: what is left out
 * comes from the built-in defaults (commands/guards/guard-defaults.ts), and a board's entry under
 * `boards:` overlays the global settings field by field.
 */

/** An ECMAScript regular expression, tested against the destination (not anchored unless it says so). */
const pattern = z.string().min(1).max(256).superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
  }
});
const patterns = z.array(pattern).max(1000);

/** A documented board command (board-protocol §3.2): the guard needs its parameter names. */
const commandName = z.string().superRefine((name, ctx) => {
  if (!getCommandSpec(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is not a command of the table` });
});

/** Commands allowed per window; `null` removes a limit set at a wider level, 0 refuses every command. */
const count = z.number().int().min(0).max(10_000_000).nullable();
const windowLimits = z.object({
  perMinute: count.optional(),
  perHour: count.optional(),
  /** The daily budget: the calendar day in `timeZone`, reset at local midnight. */
  perDay: count.optional(),
}).strict();
const scopeLimits = z.object({
  /** Counted for the whole board. */
  board: windowLimits.optional(),
  /** Counted per SIM: the board and the command's `slot`. */
  sim: windowLimits.optional(),
}).strict();
/** Keyed by command name; `default` applies to every guarded command, a command's own entry overrides it. */
const limitsByCommand = z.record(z.string(), scopeLimits).superRefine((limits, ctx) => {
  for (const name of Object.keys(limits)) {
    // Exact spelling: these keys are looked up by the table's (lowercase) names.
    if (name !== 'default' && getCommandSpec(name)?.name !== name) {
      ctx.addIssue({ code: 'custom', path: [name],
        message: `"${name}" is not a command of the table (lowercase) or "default"` });
    }
  }
});

const destinations = z.object({
  /** When not empty, only destinations matching one of these pass. */
  allow: patterns.optional(),
  /** Always refused. A board's list adds to the global one: a board cannot lift a global denial. */
  deny: patterns.optional(),
  /** `block` refuses destinations matching `premiumPatterns` (unless in `premiumExceptions`). */
  premium: z.enum(['block', 'allow']).optional(),
  /** Replaces the built-in premium/SP/international list. */
  premiumPatterns: patterns.optional(),
  premiumExceptions: patterns.optional(),
  /** Country code of the SIMs: `+CC…`/`00CC…` destinations are national (default 86, board-protocol §5.2). */
  homeCountryCode: z.string().regex(/^[1-9][0-9]{0,3}$/, 'must be 1–4 digits without + or 00').optional(),
}).strict();

const policy = z.object({
  enabled: z.boolean().optional(),
  limits: limitsByCommand.optional(),
  destinations: destinations.optional(),
}).strict();

/** Hours east of UTC like BOARD_TIME_ZONE, or an IANA zone name such as `Asia/Shanghai`. */
const timeZone = z.union([
  z.number().min(-12).max(14),
  z.string().min(1).superRefine((zone, ctx) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone` });
    }
  }),
]);

export const guardsSchema = policy.extend({
  /** Which commands are guarded; default: every command the table marks `costly` (sendsms, teldial). */
  commands: z.array(commandName).max(64).optional(),
  /** Zone of the daily budgets' midnight; default BOARD_TIME_ZONE. */
  timeZone: timeZone.optional(),
  /** Redis unreachable: `local` counts in this instance's memory meanwhile, `refuse` fails costly commands. */
  whenSharedStateDown: z.enum(['local', 'refuse']).optional(),
  boards: z.record(z.string().regex(/^[^/+#\u0000]{1,64}$/, 'board id must not contain / + # and be 1–64 chars'),
    policy).optional(),
}).strict();

export type GuardsFile = z.infer<typeof guardsSchema>;
export type GuardPolicyFile = z.infer<typeof policy>;
export type ScopeLimitsFile = z.infer<typeof scopeLimits>;
export type WindowLimitsFile = z.infer<typeof windowLimits>;
export type DestinationsFile = z.infer<typeof destinations>;
