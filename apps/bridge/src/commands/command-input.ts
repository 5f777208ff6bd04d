import { randomUUID } from 'node:crypto';
import {
  CommandValidationError, getCommandSpec, type ParamIssue, validateCommand, type ValidatedCommand,
} from '@board-bridge/board-protocol';
import type { CommandFailureReason, CommandRequest, ReplyAddress } from './command-types';

/** A command publication or HTTP body, before validation (bridge-contract §4). */
export interface CommandInput {
  board: string;
  cmd: string;
  payload: Buffer | string | Record<string, unknown>;
  origin: CommandRequest['origin'];
  replyTo?: ReplyAddress;
  /** The publisher set RETAIN: a command must not be replayed to every new subscriber (bridge-contract §2). */
  retained?: boolean;
  now: number;
}

/** Why an input is refused before anything is sent; `requestId` is the caller's when it was readable. */
export interface CommandRejection {
  requestId: string;
  cmd: string;
  reason: CommandFailureReason;
  message: string;
  data?: Record<string, unknown>;
}

export type ParsedCommand =
  /** `explicitId`: the caller chose the requestId (so a repeat of it is a redelivery). */
  | { ok: true; request: CommandRequest; explicitId: boolean }
  | { ok: false; rejection: CommandRejection };

export interface CommandDefaults {
  /** Per-command TTL overrides from COMMAND_TTL_SEC; otherwise the table's defaultTtlSec, else 0. */
  ttlSec: Readonly<Record<string, number>>;
}

/** requestIds are echoed into JSON and logs: printable, bounded. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
/** A week: longer waits are a mistake, not a plan. */
const MAX_TTL_SEC = 7 * 24 * 3600;
/** Larger command payloads are abuse: the longest valid one (an SMS of 1000 characters) is ~4 KiB. */
export const MAX_COMMAND_BYTES = 16 * 1024;

/**
 * Payload → validated request, or a rejection saying what is wrong (bridge-contract §4 `rejected`).
 * Never throws: every way an input can be bad ends as a rejection.
 */
export function parseCommand(input: CommandInput, defaults: CommandDefaults): ParsedCommand {
  const body = readBody(input.payload);
  const requestId = readRequestId(body.value);
  const reject = (reason: CommandFailureReason, message: string, data?: Record<string, unknown>): ParsedCommand =>
    ({ ok: false, rejection: { requestId, cmd: input.cmd, reason, message, ...(data ? { data } : {}) } });
  if (input.retained) return reject('retained', 'retained command publications are refused; publish without RETAIN');
  if (body.error) return reject('invalid', body.error);
  const { requestId: _id, ttl, ...params } = body.value;
  const issues: ParamIssue[] = [];
  if (_id !== undefined && !(typeof _id === 'string' && REQUEST_ID.test(_id))) {
    issues.push({ param: 'requestId', message: 'must be 1–128 printable ASCII characters without spaces' });
  }
  const ttlSec = readTtl(ttl, input.cmd, defaults, issues);
  const v = validate(input.cmd, params, issues);
  if (!v || issues.length) return reject('invalid', issues.map((i) => `${i.param} ${i.message}`).join('; '), { issues });
  const request: CommandRequest = {
    requestId, board: input.board, cmd: v.cmd, positional: v.positional, ttlSec: ttlSec ?? 0,
    acceptedAt: input.now, origin: input.origin, ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  };
  return { ok: true, request, explicitId: requestId === body.value.requestId };
}

/** The protocol library's validation; its issues join ours so the caller sees every problem at once. */
function validate(cmd: string, params: Record<string, unknown>, issues: ParamIssue[]): ValidatedCommand | undefined {
  try {
    return validateCommand(cmd, params);
  } catch (err) {
    if (!(err instanceof CommandValidationError)) throw err;
    issues.unshift(...err.issues);
    return undefined;
  }
}

function readBody(payload: CommandInput['payload']): { value: Record<string, unknown>; error?: string } {
  if (!Buffer.isBuffer(payload) && typeof payload !== 'string') {
    return isObject(payload) ? { value: payload } : { value: {}, error: 'payload must be a JSON object' };
  }
  const size = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload);
  if (size > MAX_COMMAND_BYTES) return { value: {}, error: `payload larger than ${MAX_COMMAND_BYTES} bytes` };
  const text = payload.toString().trim();
  // An empty payload is a command without parameters (restart, stat): convenient from mosquitto_pub -n.
  if (text === '') return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { value } : { value: {}, error: 'payload must be a JSON object' };
  } catch {
    return { value: {}, error: 'payload is not valid JSON' };
  }
}

function readRequestId(body: Record<string, unknown>): string {
  const id = body.requestId;
  return typeof id === 'string' && REQUEST_ID.test(id) ? id : randomUUID();
}

function readTtl(ttl: unknown, cmd: string, defaults: CommandDefaults, issues: ParamIssue[]):
  number | undefined {
  if (ttl === undefined) {
    // Own keys only: a command named `constructor` must not find Object.prototype's (issue 6 fuzzing).
    const key = cmd.toLowerCase();
    const override = Object.hasOwn(defaults.ttlSec, key) ? defaults.ttlSec[key] : undefined;
    return override ?? getCommandSpec(cmd)?.defaultTtlSec ?? 0;
  }
  if (typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl <= MAX_TTL_SEC) return ttl;
  issues.push({ param: 'ttl', message: `must be an integer from 0 to ${MAX_TTL_SEC} (seconds)` });
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
