/**
 * A tiny vocabulary for the contract's JSON Schemas. Every schema here stays inside the part of JSON
 * Schema that draft-07 (the AsyncAPI 3.0 Schema Object's base) and draft 2020-12 (OpenAPI 3.1's dialect)
 * read the same way: no `$ref` with siblings (draft-07 ignores them), no tuple `items`, no `$defs` /
 * `definitions`, no `unevaluatedProperties`. Both documents keep their schemas under
 * `#/components/schemas/`, so one schema with its `$ref`s is valid in either.
 */
export type JsonSchema = { [keyword: string]: unknown };

/** Where both documents keep their schemas. */
export const SCHEMAS_POINTER = '#/components/schemas/';

export function ref(name: string): JsonSchema {
  return { $ref: `${SCHEMAS_POINTER}${name}` };
}

/**
 * An object with exactly these properties. `required` defaults to all of them: the bridge always sends
 * every field of its own payloads, with null for unknowns (bridge-contract §3).
 */
export function object(properties: Record<string, JsonSchema>, opts: { required?: string[]; description?: string } = {}):
  JsonSchema {
  return {
    type: 'object',
    ...(opts.description ? { description: opts.description } : {}),
    required: opts.required ?? Object.keys(properties),
    additionalProperties: false,
    properties,
  };
}

/** Any JSON object: board fields as received, command results, whatever a caller cannot rely on. */
export function anyObject(description: string): JsonSchema {
  return { type: 'object', description };
}

export function text(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, ...extra };
}

export function integer(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'integer', description, ...extra };
}

export function oneOfValues(description: string, values: readonly (string | number)[]): JsonSchema {
  return { description, enum: [...values] };
}

export function constant(value: string | number | boolean, description?: string): JsonSchema {
  return { const: value, ...(description ? { description } : {}) };
}

/** An ISO-8601 instant as `Date.prototype.toISOString` writes it. */
export function isoTime(description: string): JsonSchema {
  return { type: 'string', format: 'date-time', description };
}

/**
 * The same schema, or null. Works for schemas with `type` (the type becomes a pair) and for `enum`
 * schemas (null joins the values); anything else is wrapped in `anyOf`.
 */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && schema.enum === undefined) return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** Shorthands for the nullable fields of the board model (board-protocol §5.1). */
export const nullableText = (description: string): JsonSchema => nullable(text(description));
export const nullableInteger = (description: string): JsonSchema => nullable(integer(description));
export const nullableTime = (description: string): JsonSchema => nullable(isoTime(description));
export const nullableNumber = (description: string): JsonSchema => ({ type: ['number', 'null'], description });

/** §5.1: the boards are dual-SIM. */
export const SLOT_OR_NULL: JsonSchema = { description: 'SIM slot, 1 or 2; null when not given', enum: [1, 2, null] };
