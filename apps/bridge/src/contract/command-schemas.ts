import {
  COMMAND_TABLE, type CommandSpec, MAX_PASS_THROUGH_CHARS, MAX_POSITIONAL, type ParamSpec,
} from '@board-bridge/board-protocol';
import { integer, type JsonSchema, ref, text } from './json-schema';

/**
 * JSON Schemas of command payloads (bridge-contract §4), generated from the protocol library's command
 * table so that they cannot drift from what `validateCommand` enforces. The schemas describe the canonical
 * form; the bridge is more lenient in two documented ways (numeric strings for integers, named and
 * positional parameters mixed), never stricter. command-schemas.spec.ts checks the agreement.
 */

/** Mirrors command-input.ts REQUEST_ID; command-schemas.spec.ts checks both accept the same ids. */
export const REQUEST_ID_PATTERN = '^[\\x21-\\x7e]{1,128}$';
/** Mirrors command-input.ts MAX_TTL_SEC (a week). */
export const MAX_TTL_SEC = 7 * 24 * 3600;
/** `p1`…`p32` (validate-command.ts MAX_POSITIONAL). */
export const POSITIONAL_KEY_PATTERN = '^p([1-9]|[12][0-9]|3[0-2])$';
export const POSITIONAL_SCHEMA_NAME = 'PositionalCommand';

/** The keys the bridge reads itself, whatever the command. */
export function bridgeKeys(spec?: CommandSpec): Record<string, JsonSchema> {
  const ttlDefault = spec ? `; default ${spec.defaultTtlSec} for ${spec.name} (COMMAND_TTL_SEC overrides it)` : '';
  return {
    requestId: text('echoed in every reply; generated when absent. A repeated requestId is written to the board once',
      { pattern: REQUEST_ID_PATTERN }),
    ttl: integer(`seconds the command may wait for an offline board; 0 = fail at once${ttlDefault}`,
      { minimum: 0, maximum: MAX_TTL_SEC }),
  };
}

/** `CommandSendsms` for `sendsms`: the schema's name in both documents. */
export function commandSchemaName(cmd: string): string {
  return `Command${cmd.charAt(0).toUpperCase()}${cmd.slice(1)}`;
}

/** Every documented command's payload schema plus the positional form, keyed by schema name. */
export function commandSchemas(): Record<string, JsonSchema> {
  const named = COMMAND_TABLE.map((spec) => [commandSchemaName(spec.name), commandPayloadSchema(spec)] as const);
  return { ...Object.fromEntries(named), [POSITIONAL_SCHEMA_NAME]: positionalPayloadSchema() };
}

/** Named parameters, or positional `p1`…`pN` passed through unchecked (bridge-contract §4). */
export function commandPayloadSchema(spec: CommandSpec): JsonSchema {
  return {
    title: `${spec.name} command`,
    description: commandDescription(spec),
    anyOf: [namedPayloadSchema(spec), positionalFormOf(spec)],
  };
}

/** The positional form, with the positions of required parameters required (validate-command.ts readOne). */
function positionalFormOf(spec: CommandSpec): JsonSchema {
  const required = spec.params.flatMap((p, i) => (p.required ? [`p${i + 1}`] : []));
  if (!required.length) return ref(POSITIONAL_SCHEMA_NAME);
  return { title: `${spec.name} by position`, allOf: [ref(POSITIONAL_SCHEMA_NAME), { type: 'object', required }] };
}

export function namedPayloadSchema(spec: CommandSpec): JsonSchema {
  const params = Object.fromEntries(spec.params.map((p) => [p.name, paramSchema(p)]));
  return {
    type: 'object',
    title: `${spec.name} with named parameters`,
    required: spec.params.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
    properties: { ...bridgeKeys(spec), ...params },
  };
}

/** Any command, known or not, by position; each value goes to the board unchanged. */
export function positionalPayloadSchema(): JsonSchema {
  return {
    type: 'object',
    title: 'command with positional parameters',
    description: `p1…p${MAX_POSITIONAL} are passed to the board unchanged (strings or numbers); the only way to give ` +
      'parameters of commands the table does not know. Named and positional parameters cannot be mixed here ' +
      '(the bridge accepts a mix as long as no position is given twice).',
    additionalProperties: false,
    properties: bridgeKeys(),
    patternProperties: {
      [POSITIONAL_KEY_PATTERN]: {
        type: ['string', 'number'], maxLength: MAX_PASS_THROUGH_CHARS, pattern: '^[^\\u0000]*$',
        description: 'one positional parameter; strings without NUL',
      },
    },
  };
}

export function paramSchema(p: ParamSpec): JsonSchema {
  const dflt = p.default === undefined ? {} : { default: p.default };
  switch (p.type) {
    case 'integer':
      return { type: 'integer', description: `${p.description}${LENIENT}`,
        minimum: p.min, maximum: p.max, ...dflt };
    case 'string':
      return { type: 'string', description: stringDescription(p.description, p.maxBytes),
        minLength: p.minLength, maxLength: p.maxLength, ...(p.pattern ? { pattern: p.pattern } : {}), ...dflt };
    case 'enum':
      return { description: numericEnum(p.values) ? `${p.description}${LENIENT}` : p.description,
        enum: [...p.values], ...dflt };
  }
}

/** validate-param.ts coerces numeric strings; the schema documents the canonical JSON number. */
const LENIENT = ' (the bridge also accepts it as a string of digits)';

function numericEnum(values: readonly (string | number)[]): boolean {
  return values.every((v) => typeof v === 'number');
}

function stringDescription(description: string, maxBytes: number | undefined): string {
  return maxBytes === undefined ? description : `${description}; at most ${maxBytes} bytes in UTF-8`;
}

/** The summary, plus the facts JSON Schema cannot say: the positional rule, TTL, reports, cost. */
function commandDescription(spec: CommandSpec): string {
  const notes = [`${spec.summary.charAt(0).toUpperCase()}${spec.summary.slice(1)}.`];
  const gaps = positionalGaps(spec);
  if (gaps.length) notes.push(`Parameters are positional: ${gaps.join('; ')}.`);
  const reports = [...spec.reports.completes, ...spec.reports.fails];
  if (reports.length) notes.push(`Settled by the board's report (${reports.join(', ')}), not by its first answer.`);
  if (!spec.reply) notes.push('The board does not answer: the command completes once written.');
  if (spec.costly) notes.push('Costs the SIM owner money.');
  return notes.join(' ');
}

/** Optional parameters without a default that must be given when a later one is. */
function positionalGaps(spec: CommandSpec): string[] {
  return spec.params.flatMap((p, i) => {
    const later = spec.params.slice(i + 1).map((l) => l.name);
    return !p.required && p.default === undefined && later.length
      ? [`give ${p.name} whenever ${later.join(', ')} is given`] : [];
  });
}
