import type { CommandReports, EnumParamSpec, IntegerParamSpec, ParamSpec, StringParamSpec } from './command-spec';

/**
 * Small constructors that keep the family tables one line per parameter. A parameter is required unless
 * `optional: true` is given; `default` is only set where the protocol documents (or clearly implies) the
 * value the board uses when the parameter is left out.
 */
interface Options<T> {
  optional?: boolean;
  default?: T;
}

interface StringOptions extends Options<string> {
  pattern?: string;
  maxBytes?: number;
}

export function integer(
  name: string, description: string, [min, max]: [number, number], opts: Options<number> = {},
): IntegerParamSpec {
  return { name, description, type: 'integer', min, max, required: !opts.optional, ...defaultOf(opts) };
}

export function text(
  name: string, description: string, [minLength, maxLength]: [number, number], opts: StringOptions = {},
): StringParamSpec {
  const { pattern, maxBytes } = opts;
  return {
    name, description, type: 'string', minLength, maxLength, required: !opts.optional,
    ...(maxBytes === undefined ? {} : { maxBytes }),
    ...(pattern === undefined ? {} : { pattern }),
    ...defaultOf(opts),
  };
}

export function oneOf(
  name: string, description: string, values: readonly (string | number)[], opts: Options<string | number> = {},
): EnumParamSpec {
  return { name, description, type: 'enum', values, required: !opts.optional, ...defaultOf(opts) };
}

function defaultOf<T>(opts: Options<T>): { default?: T } {
  return opts.default === undefined ? {} : { default: opts.default };
}

/** "slot" = 1 or 2 (§3.2 preamble; the boards are dual-SIM). */
export function slot(description = 'SIM slot, 1 or 2'): IntegerParamSpec {
  return integer('slot', description, [1, 2]);
}

/**
 * Dialable number: digits with an optional leading `+`, and `*`/`#` for service codes. No spaces or
 * dashes: the board passes the string to the modem as is.
 */
export const PHONE_PATTERN = '^\\+?[0-9*#]{1,31}$';

/** SMS destination: digits with an optional `+` (an SMS cannot go to a `*`/`#` service code). */
export const SMS_DESTINATION_PATTERN = '^\\+?[0-9]{1,31}$';

/** Upper bound of a call (teldial p3, telanswer p2); the documented default is 175 s. One hour is ample. */
const MAX_CALL_SECONDS = 3600;

/**
 * The five parameters `teldial` (p3..p7) and `telanswer` (p2..p6) share (§3.2 Calls): call limit, then
 * the TTS text and how to play it. The last three have no documented default, so they are only sent
 * when given.
 */
export function callTtsParams(): ParamSpec[] {
  return [
    integer('maxSeconds', 'call time limit in seconds, then the board hangs up', [1, MAX_CALL_SECONDS],
      { optional: true, default: 175 }),
    ttsText({ optional: true }),
    ttsRepeat({ optional: true }),
    ttsPause(),
    afterAction('afterTts', 'after the TTS: 0 = nothing, 1 = hang up'),
  ];
}

export function ttsText(opts: Options<string> = {}): StringParamSpec {
  return text('tts', 'text spoken by the board (TTS)', [1, 500], opts);
}

export function ttsRepeat(opts: Options<number> = {}): IntegerParamSpec {
  return integer('ttsRepeat', 'how many times the TTS text is played (teltts: 0 = until stopped)', [0, 100], opts);
}

export function ttsPause(): IntegerParamSpec {
  return integer('ttsPause', 'pause in seconds between TTS repeats', [0, 600], { optional: true });
}

/** 0 = do nothing, 1 = hang up (teldial p7, telanswer p6, teltts p5, stoptts p2). */
export function afterAction(name: string, description: string): EnumParamSpec {
  return oneOf(name, description, [0, 1], { optional: true });
}

/**
 * querysms p1/p2 and querytel p1/p2 (§3.2, [DOC-new]): required because the docs give no default.
 * The store keeps the last 100 SMS / 50 calls; 10000 leaves room for newer firmware. The board returns
 * n+1 rows when more exist, so a page of at most 100 keeps the answer frame small.
 */
export function pagingParams(): IntegerParamSpec[] {
  return [
    integer('offset', '1-based index of the first row (page k of size n: (k-1)*n+1)', [1, 10000]),
    integer('limit', 'rows per page', [1, 100]),
  ];
}

/** An empty keyword means "no filter" (the reply echoes `"qkey":""`), so '' is what omission means. */
export function keywordParam(description: string): StringParamSpec {
  return text('keyword', description, [0, 64], { optional: true, default: '' });
}

/** The [3P] v137 slot filter of querysms (p4) / querytel (p5), §3.3; sent only when given. */
export function slotFilterParam(): IntegerParamSpec {
  return integer('slot', 'only this SIM slot ([3P] newer firmware only)', [1, 2], { optional: true });
}

/** Commands settled by their immediate reply alone. */
export const NO_REPORTS: CommandReports = { completes: [], fails: [] };
