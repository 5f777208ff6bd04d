import { integer, object, ref, text } from './json-schema';
import { BEARER_SECURITY, guardResponses, json, nestError, type PathContribution } from './openapi-common';

/** The dead-letter endpoints of forwarding (apps/bridge/src/forwarding/forwarding.controller.ts, docs/forwarding.md). */
export function forwardingPaths(): PathContribution {
  const unavailable = nestError('Redis is not reachable (the dead letters live there)');
  return {
    paths: {
      '/api/forwarding/dead-letters': { get: {
        operationId: 'listDeadLetters', tags: ['forwarding'], security: BEARER_SECURITY,
        summary: 'forwards that exhausted their retries, newest first (where and why, never the message text)',
        parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } }],
        responses: { 200: json('the dead letters', object({ deadLetters: { type: 'array', items: ref('DeadLetter') } })),
          400: nestError('limit out of range'), ...guardResponses(), 503: unavailable },
      } },
      '/api/forwarding/dead-letters/replay': { post: {
        operationId: 'replayDeadLetters', tags: ['forwarding'], security: BEARER_SECURITY,
        summary: 'queue dead letters again with fresh attempts: `{"all": true}`, `{"ids": [...]}` or `?id=`',
        parameters: [{ name: 'id', in: 'query', required: false, schema: { type: 'string' } }],
        requestBody: { required: false, content: { 'application/json': { schema: {
          oneOf: [object({ all: { const: true } }), object({ ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string' } } })],
        } } } },
        responses: { 200: json('what was queued again and what was not', ref('ReplayResult')),
          400: nestError('nothing or something unreadable to replay'), ...guardResponses(), 503: unavailable },
      } },
    },
    schemas: {
      DeadLetter: object({
        id: text('dead-letter id'), rule: text('forwarding rule name'), lane: text('lane (rule, or rule/target)'),
        board: text('board id'), event: text('event name'), eventId: text('the event\'s stable id'),
        receivedAt: text('when the bridge received the board message'), reason: text('why the last attempt failed'),
        fault: text('whose fault: unavailable, refused, config'), attempts: integer('attempts made'),
        target: text('the last target tried (name)'), status: integer('the last HTTP status, when there was one'),
        deadAt: text('when it became a dead letter'),
      }, { required: ['id', 'rule', 'lane', 'board', 'event', 'eventId', 'receivedAt', 'reason', 'fault', 'attempts',
        'target', 'deadAt'] }),
      ReplayResult: object({
        replayed: { type: 'array', items: { type: 'string' } },
        skipped: { type: 'array', items: object({ id: { type: 'string' }, reason: { type: 'string' } }) },
      }),
    },
  };
}
