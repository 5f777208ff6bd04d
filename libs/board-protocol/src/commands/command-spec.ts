/**
 * Shapes of the declarative command table (board-protocol §3.2). Everything here is plain data so that
 * other code (JSON schema generation, docs, the command router) can walk it without running validation.
 */

/** Keys a parameter spec shares whatever its type. */
interface ParamBase {
  /** camelCase name used in MQTT/REST payloads (bridge-contract §4); position = index in `params` + 1. */
  readonly name: string;
  readonly description: string;
  /** Required parameters must be given, by name or as `pN`. */
  readonly required: boolean;
}

/** A "数值型" parameter. JSON numbers on the wire (§3.1); numeric strings are coerced on input. */
export interface IntegerParamSpec extends ParamBase {
  readonly type: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}

/** A "字符型" parameter. Lengths count Unicode code points, as JSON Schema's `maxLength` does. */
export interface StringParamSpec extends ParamBase {
  readonly type: 'string';
  readonly minLength: number;
  readonly maxLength: number;
  /** UTF-8 byte limit where the board's limit is in bytes (a WiFi SSID is at most 32 octets). */
  readonly maxBytes?: number;
  /** ECMAScript regular expression source, anchored (`^…$`), usable as a JSON Schema `pattern`. */
  readonly pattern?: string;
  readonly default?: string;
}

/** A parameter with a closed set of values. Numeric enums accept numeric strings, like integers. */
export interface EnumParamSpec extends ParamBase {
  readonly type: 'enum';
  readonly values: readonly (string | number)[];
  readonly default?: string | number;
}

export type ParamSpec = IntegerParamSpec | StringParamSpec | EnumParamSpec;

/**
 * `required`: the board ignores (or cannot answer) the command without a `tid` (§3.1: `stat`, `now` over
 * TCP, `sendsms`). `optional`: the board executes it without one but then reports nothing, so the bridge
 * still sends a `tid` whenever it wants an answer.
 */
export type TidRule = 'required' | 'optional';

export type CommandFamily = 'device' | 'wifi' | 'sim' | 'sms' | 'calls';

/** Later push messages (§2.2) that settle a command after its immediate reply. */
export interface CommandReports {
  /** Push types meaning the command did what was asked (contract §4 status `completed`). */
  readonly completes: readonly number[];
  /** Push types meaning it did not (contract §4 status `failed`). */
  readonly fails: readonly number[];
}

export interface CommandSpec {
  /** Board command name as the board spells it (lowercase). */
  readonly name: string;
  readonly family: CommandFamily;
  readonly summary: string;
  /** [DOC] v1 pages, or [DOC-new] pages (querysms, querytel, telkeypress), §0.2. */
  readonly source: 'DOC' | 'DOC-new';
  /** Positional order: `params[0]` is `p1`. */
  readonly params: readonly ParamSpec[];
  readonly tid: TidRule;
  /** Whether the board answers at once (`code`, 999/401/402). `restart` and `now` do not (§3.1). */
  readonly reply: boolean;
  /** Whether that immediate answer carries a result worth publishing (`stat`, `querysms`, `querytel`). */
  readonly replyData: boolean;
  readonly reports: CommandReports;
  /** How long to wait for a report after the reply; `null` when no report is expected. */
  readonly reportTimeoutSec: number | null;
  /** Seconds a command may wait for an offline board (contract §4 `queued`); 0 = fail at once. */
  readonly defaultTtlSec: number;
  /** Costs the SIM owner money (SMS, calls): callers may want to rate-limit or authorise it. */
  readonly costly: boolean;
}
