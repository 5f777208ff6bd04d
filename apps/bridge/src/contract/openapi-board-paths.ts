import { COMMAND_TABLE } from '@board-bridge/board-protocol';
import { httpRejectionSchema } from './bridge-schemas';
import { POSITIONAL_SCHEMA_NAME, commandSchemaName } from './command-schemas';
import { type JsonSchema, object, ref, text } from './json-schema';
import {
  BEARER_SECURITY, type Operation, type PathContribution, guardResponses, json, pathParameter,
} from './openapi-common';

/**
 * The operator API of apps/bridge/src/api/boards.controller.ts (bridge-contract §5). Command bodies are
 * the very schemas of the MQTT command payloads: the endpoint parses them with the same code.
 */

/** boards.controller.ts MAX_WAIT_SEC. */
const MAX_WAIT_SEC = 120;

const BOARD_ID = pathParameter('id', 'the board\'s devId');

export function boardPaths(): PathContribution {
  return {
    paths: {
      '/api/boards': { get: {
        operationId: 'listBoards', tags: ['boards'], security: BEARER_SECURITY,
        summary: 'availability and state of every board the broker holds retained',
        responses: { 200: json('every board, sorted by id', ref('BoardList')), ...guardResponses() },
      } },
      '/api/boards/{id}': { parameters: [BOARD_ID], get: {
        operationId: 'getBoard', tags: ['boards'], security: BEARER_SECURITY,
        summary: 'availability and state of one board',
        responses: { 200: json('the board', ref('BoardSnapshot')),
          ...guardResponses('no such board is known to the broker, or the HTTP API is disabled') },
      } },
    },
    schemas: {
      BoardSnapshot: object({
        id: text('the board\'s devId'),
        availability: ref('Availability'),
        state: ref('BoardState'),
      }, { required: ['id'], description: 'what the broker holds retained for one board (any instance\'s boards)' }),
      BoardList: object({ boards: { type: 'array', items: ref('BoardSnapshot') } }),
    },
  };
}

export function commandPaths(): PathContribution {
  const documented = COMMAND_TABLE.map((spec) => [
    `/api/boards/{id}/commands/${spec.name}`,
    commandItem(`send${commandSchemaName(spec.name)}`, `${spec.name}: ${spec.summary}`, commandSchemaName(spec.name)),
  ] as const);
  const any = commandItem('sendCommand', 'any command, with positional parameters p1…pN', POSITIONAL_SCHEMA_NAME);
  any.parameters = [BOARD_ID, pathParameter('cmd', 'the command name', { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' })];
  return {
    paths: { ...Object.fromEntries(documented), '/api/boards/{id}/commands/{cmd}': any },
    schemas: { CommandAccepted: commandAccepted(), HttpCommandRejection: httpRejectionSchema() },
  };
}

function commandItem(operationId: string, summary: string, body: string): Record<string, unknown> {
  const post: Operation = {
    operationId, tags: ['commands'], security: BEARER_SECURITY, summary,
    description: 'Same semantics as publishing to {base}/{id}/command/{cmd} (bridge-contract §4). Without `wait` ' +
      'the answer is 202 at once; with `wait` the final reply (200), or after the wait the latest one (202).',
    parameters: [{
      name: 'wait', in: 'query', required: false,
      description: `seconds to wait for the final reply (at most ${MAX_WAIT_SEC}; larger values are capped)`,
      schema: { type: 'number', minimum: 0 },
    }],
    requestBody: { required: false, content: { 'application/json': { schema: ref(body) } } },
    responses: {
      200: json('the final reply (with `wait`)', ref('CommandReply')),
      202: json('accepted; with `wait`, the latest reply when the wait ran out', {
        anyOf: [ref('CommandAccepted'), ref('CommandReply')],
      }),
      400: json('invalid command, parameters, board id or wait (every issue at once)', ref('HttpCommandRejection')),
      ...guardResponses(),
    },
  };
  return { parameters: [BOARD_ID], post };
}

function commandAccepted(): JsonSchema {
  return object({
    requestId: text('follow the command on {base}/{id}/command/{cmd}/reply with it'),
    cmd: text('the command'),
    status: { const: 'accepted' },
  });
}
