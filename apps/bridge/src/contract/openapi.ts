import { BRIDGE_VERSION } from '../version';
import { contractSchemas } from './contract-schemas';
import type { JsonSchema } from './json-schema';
import { boardPaths, commandPaths } from './openapi-board-paths';
import { BEARER, HTTP_ERROR_SCHEMA, type PathBuilder } from './openapi-common';
import { forwardingPaths } from './openapi-forwarding-paths';
import { docsPaths, healthPaths, uploadPaths } from './openapi-service-paths';

/**
 * The OpenAPI 3.1 document of the HTTP endpoints (bridge-contract §5), served at GET /api/docs. Every
 * group of endpoints is one builder; add a group (e.g. forwarding) by adding its builder here.
 */
export const OPENAPI_PATH_BUILDERS: readonly PathBuilder[] = [
  boardPaths, commandPaths, forwardingPaths, uploadPaths, healthPaths, docsPaths,
];

export type OpenApiDocument = JsonSchema;

const DESCRIPTION = [
  'The HTTP side of board-bridge: board uploads, the operator API (`/api/…`, enabled by API_TOKEN, every call',
  'with `Authorization: Bearer <API_TOKEN>`), health, metrics and this document. Command bodies are the same',
  'JSON as the MQTT command payloads; the MQTT topics are described in the AsyncAPI document (docs/asyncapi.yaml).',
].join('\n');

/** Pure: the same builders always give the same document. */
export function buildOpenApi(builders: readonly PathBuilder[] = OPENAPI_PATH_BUILDERS): OpenApiDocument {
  const parts = builders.map((build) => build());
  const paths = Object.assign({}, ...parts.map((p) => p.paths)) as Record<string, unknown>;
  const extra = Object.assign({}, ...parts.map((p) => p.schemas ?? {})) as Record<string, JsonSchema>;
  return {
    openapi: '3.1.0',
    info: { title: 'board-bridge HTTP API', version: BRIDGE_VERSION, description: DESCRIPTION, license: { name: 'MIT' } },
    tags: [
      { name: 'boards', description: 'boards and their uploads' },
      { name: 'commands', description: 'commands to boards (bridge-contract §4)' },
      { name: 'forwarding', description: 'forwards that exhausted their retries (docs/forwarding.md)' },
      { name: 'operations', description: 'health, metrics and documentation' },
    ],
    paths,
    components: {
      securitySchemes: {
        [BEARER]: { type: 'http', scheme: 'bearer', description: 'API_TOKEN (at least 16 characters)' },
      },
      schemas: { ...contractSchemas(), ...extra, HttpError: HTTP_ERROR_SCHEMA },
    },
  };
}
