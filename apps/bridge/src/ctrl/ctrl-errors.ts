/**
 * Errors of the board's LAN `/ctrl` API client (board-protocol §1.5), split by whose fault it is, in the
 * style of the MQTT gateway's errors (style.md rule 8). Messages and fields never hold the token, the
 * command's parameters (SMS or TTS text) or the query string: `url` is always the redacted form.
 */
export type CtrlFault = 'bad-input' | 'unavailable' | 'board';

export interface CtrlErrorContext {
  /** Command name (`sendsms`, `stat`, …); safe to show. */
  cmd: string;
  /** Request URL with the token and every pN value replaced (see redactedCtrlUrl). */
  url: string;
  /** HTTP status when the board answered one. */
  status?: number;
  /** undici or system error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …) when there was one. */
  code?: string;
}

export abstract class CtrlError extends Error {
  abstract readonly fault: CtrlFault;
  abstract readonly retryable: boolean;
  readonly cmd: string;
  readonly url: string;
  readonly status?: number;
  readonly code?: string;

  /** `cause`: the undici/system error behind it (those carry addresses and codes, never the request path). */
  constructor(message: string, ctx: CtrlErrorContext, options?: { cause?: unknown }) {
    super(`${message} (${ctx.cmd} via ${ctx.url})`, options);
    this.name = new.target.name;
    this.cmd = ctx.cmd;
    this.url = ctx.url;
    if (ctx.status !== undefined) this.status = ctx.status;
    if (ctx.code !== undefined) this.code = ctx.code;
  }
}

/**
 * The request cannot succeed as it is: a token the board refuses (HTTP 401/403), any other 4xx (a wrong
 * path in the configured URL), or a command/tid/token the protocol library will not put on the wire.
 * Retrying it unchanged will not help.
 */
export class CtrlRejectedError extends CtrlError {
  readonly fault = 'bad-input' as const;
  readonly retryable = false;
}

/**
 * The board could not be reached or did not answer in time: connection refused, connect/headers/body
 * timeout, a dropped connection, HTTP 5xx, or the client is closed. Retry later.
 * NB: a timeout after the request was written may mean the board did execute it (§1.5 gives no ack id
 * over HTTP), so a caller retrying a `sendsms` must accept a possible duplicate.
 */
export class CtrlUnavailableError extends CtrlError {
  readonly fault = 'unavailable' as const;
  readonly retryable = true;
}

/**
 * The board answered something that is not a `/ctrl` reply (§1.5: a JSON object, or nothing at all):
 * a 2xx body that is not JSON / not an object, or a body larger than the client's cap.
 */
export class CtrlProtocolError extends CtrlError {
  readonly fault = 'board' as const;
  readonly retryable = false;
}
