import { object, ref } from './json-schema';
import { type PathContribution, json, pathParameter, textBody } from './openapi-common';

/**
 * The endpoints outside the operator API: board uploads (apps/bridge/src/http-upload), health and metrics
 * (apps/bridge/src/health) and these documents (apps/bridge/src/contract/docs.controller.ts).
 */

export function uploadPaths(): PathContribution {
  return {
    paths: {
      '/upload': { get: upload('uploadGet', 'GET'), post: upload('uploadPost', 'POST') },
      '/upload/{devId}': {
        parameters: [pathParameter('devId', 'any path below /upload works; the last segment is taken as the ' +
          'board id, so the bridge tries that board\'s AES key first (`{{devId}}` in the board\'s URL)')],
        get: upload('uploadGetForBoard', 'GET'), post: upload('uploadPostForBoard', 'POST'),
      },
    },
  };
}

function upload(operationId: string, method: 'GET' | 'POST'): Record<string, unknown> {
  return {
    operationId, tags: ['boards'],
    summary: `a board pushes messages (${method}, board-protocol §1.2, §4)`,
    description: 'Boards configured with http://<bridge>:8080/upload push here in any of the four encodings ' +
      '(GET/POST × FORM/JSON), with or without AES. Bad input is answered 200 too, so a wrong key is no oracle.',
    parameters: [{
      name: 'fields', in: 'query', required: false, style: 'form', explode: true,
      description: 'GET: the message fields (or `p=<AES ciphertext>`) as the query string',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
    }],
    ...(method === 'POST' ? { requestBody: { required: false, content: {
      'application/json': { schema: { description: 'one message, an array of them, or an AES envelope' } },
      'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } },
      'multipart/form-data': { schema: { type: 'object', additionalProperties: { type: 'string' } } },
    } } } : {}),
    responses: {
      200: textBody('taken (or dropped as bad input); for types 100–102 the body is the 14-digit board time',
        'text/plain', { type: 'string', pattern: '^([0-9]{14})?$' }),
      413: { description: 'larger than UPLOAD_MAX_BYTES' },
      503: { description: 'the spool is full (the broker has been away too long): the board retries later' },
    },
  };
}

export function healthPaths(): PathContribution {
  const check = { enum: ['up', 'down'] };
  return {
    paths: {
      '/healthz': { get: { operationId: 'healthz', tags: ['operations'], summary: 'liveness',
        responses: { 200: json('the process is alive', object({ status: { const: 'ok' } })) } } },
      '/readyz': { get: { operationId: 'readyz', tags: ['operations'], summary: 'readiness, naming each dependency',
        responses: {
          200: json('ready', ref('Readiness')),
          503: json('not ready: the board listener or the broker is down, the spool is full, or Redis (when configured) is down',
            ref('Readiness')),
        } } },
      '/metrics': { get: { operationId: 'metrics', tags: ['operations'], summary: 'Prometheus metrics',
        responses: { 200: textBody('the Prometheus text exposition format', 'text/plain') } } },
    },
    schemas: {
      Readiness: object({
        status: { enum: ['ready', 'not-ready'] },
        checks: object({ tcp: check, broker: check, spool: { enum: ['ok', 'full'] }, redis: check },
          { required: ['tcp', 'broker', 'spool'], description: 'tcp: the board listener; `redis` only when REDIS_URL is set' }),
      }),
    },
  };
}

export function docsPaths(): PathContribution {
  return {
    paths: {
      '/api/docs': { get: { operationId: 'openApiJson', tags: ['operations'], summary: 'this document (JSON); public',
        responses: { 200: json('OpenAPI 3.1', { type: 'object' }) } } },
      '/api/docs.yaml': { get: { operationId: 'openApiYaml', tags: ['operations'], summary: 'this document (YAML); public',
        responses: { 200: textBody('OpenAPI 3.1', 'application/yaml') } } },
    },
  };
}
