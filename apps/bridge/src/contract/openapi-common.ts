import { type JsonSchema, ref } from './json-schema';

/**
 * What one group of HTTP endpoints adds to the OpenAPI document: its path items and the schemas only
 * they use. A new group (e.g. /api/forwarding) is one more builder in OPENAPI_PATH_BUILDERS (openapi.ts).
 */
export interface PathContribution {
  paths: Record<string, PathItem>;
  schemas?: Record<string, JsonSchema>;
}

export type PathBuilder = () => PathContribution;

/** An OpenAPI Path Item Object: `get`, `post`, … plus `parameters`. Kept loose: the document is data. */
export type PathItem = Record<string, unknown>;
export type Operation = Record<string, unknown>;

/** The operator API's bearer token (API_TOKEN); the scheme's name in `components.securitySchemes`. */
export const BEARER = 'bearerToken';
export const BEARER_SECURITY = [{ [BEARER]: [] }];

export function json(description: string, schema: JsonSchema): Record<string, unknown> {
  return { description, content: { 'application/json': { schema } } };
}

export function textBody(description: string, mediaType = 'text/plain', schema: JsonSchema = { type: 'string' }):
  Record<string, unknown> {
  return { description, content: { [mediaType]: { schema } } };
}

/** Nest's HttpException body: `{ statusCode, message, error }`. */
export function nestError(description: string): Record<string, unknown> {
  return json(description, ref('HttpError'));
}

/** 401 and 404 as ApiTokenGuard answers them. */
export function guardResponses(notFound = 'the HTTP API is disabled (API_TOKEN unset)'): Record<string, unknown> {
  return {
    401: nestError('missing or wrong bearer token'),
    404: nestError(notFound),
  };
}

export function pathParameter(name: string, description: string, schema: JsonSchema = { type: 'string' }):
  Record<string, unknown> {
  return { name, in: 'path', required: true, description, schema };
}

export const HTTP_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'an error answered by the framework (NestJS HttpException)',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    message: { description: 'what went wrong', anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    error: { type: 'string', description: 'the HTTP reason phrase' },
  },
};
