import { classifyBoardReply } from '@board-bridge/board-protocol';
import { CtrlProtocolError, CtrlRejectedError, CtrlUnavailableError, type CtrlErrorContext } from './ctrl-errors';

/**
 * What the board's `/ctrl` answered (board-protocol §1.5, §3.1), read the same way as a TCP reply
 * (classifyBoardReply): `{"code":0}` ok; `{"code":101,"msg":"Invalid arguments."}` not ok with the
 * message; a data answer without `code` (v1 `stat`) ok with the data; an empty 2xx body ok (`restart`
 * and `now` answer nothing on success).
 */
export interface CtrlOutcome {
  ok: boolean;
  /** `code` as a number; null when the answer had none (data answers, empty bodies). */
  code: number | null;
  /** `msg` (or asksimcfu's `val`). */
  message?: string;
  /** The answer without its envelope (devId, type, netCh, tid, code, msg, msgTs). */
  data: Record<string, unknown>;
}

/** Default cap on a response body: a `stat` is ~1 KiB, a 100-row `querysms` some tens of KiB. */
export const MAX_CTRL_BODY_BYTES = 256 * 1024;

/** Stands in for the tid an HTTP answer need not echo, so the TCP classifier can read it. */
const HTTP_TID = 'http';
const ENVELOPE = new Set(['devId', 'type', 'netCh', 'tid', 'code', 'msg', 'msgTs']);

/**
 * Reads at most `limit` bytes of a response body. Past that the stream is destroyed (the socket with
 * it) and a CtrlProtocolError thrown: a board does not send a quarter of a megabyte to a command.
 */
export async function readCappedBody(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number,
  ctx: CtrlErrorContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new CtrlProtocolError(`board answered more than ${limit} bytes`, ctx);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Non-2xx statuses: 401/403 a refused token (§1.5/§6 unknown 8: the board's answer to a wrong token is
 * undocumented, 401 is the likeliest), other statuses below 500 a request that will not work as it is,
 * 5xx a board that cannot serve right now.
 */
export function statusError(status: number, ctx: CtrlErrorContext): Error {
  if (status === 401 || status === 403) return new CtrlRejectedError(`board refused the token (HTTP ${status})`, ctx);
  if (status >= 500) return new CtrlUnavailableError(`board answered HTTP ${status}`, ctx);
  return new CtrlRejectedError(`board answered HTTP ${status}`, ctx);
}

/**
 * The outcome of a 2xx body.
 * @throws CtrlProtocolError when the body is neither empty nor one JSON object (no part of it is quoted:
 * it could echo the SMS text)
 */
export function outcomeOf(body: Buffer, ctx: CtrlErrorContext): CtrlOutcome {
  const text = body.toString('utf8').trim();
  if (text === '') return { ok: true, code: null, data: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CtrlProtocolError(`board answered ${body.length} bytes that are not JSON`, ctx);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CtrlProtocolError('board answered JSON that is not an object', ctx);
  }
  return fromObject(parsed as Record<string, unknown>);
}

function fromObject(answer: Record<string, unknown>): CtrlOutcome {
  const reply = classifyBoardReply({ ...answer, tid: HTTP_TID });
  if (reply === null) {
    // No `code` and no reply type (e.g. a data answer of a firmware that leaves `type` out): ok (§3.1).
    const data = Object.fromEntries(Object.entries(answer).filter(([key]) => !ENVELOPE.has(key)));
    return { ok: true, code: null, data };
  }
  const { ok, code, message, data } = reply;
  return message === undefined ? { ok, code, data } : { ok, code, message, data };
}
