import {
  COMMAND_NAME_PATTERN, CommandValidationError, getCommandSpec, toCtrlQuery, toNamed, type ValidatedCommand,
} from '@board-bridge/board-protocol';
import { Pool } from 'undici';
import { CtrlError, CtrlProtocolError, CtrlRejectedError, CtrlUnavailableError, type CtrlErrorContext } from './ctrl-errors';
import { MAX_CTRL_BODY_BYTES, outcomeOf, readCappedBody, statusError, type CtrlOutcome } from './ctrl-reply';
import {
  candidatePorts, DEFAULT_CTRL_PORTS, encodeCtrlQuery, hostKey, originOf, parseCtrlUrl, redactedCtrlUrl,
  type CtrlEndpoint,
} from './ctrl-url';

export type { CtrlOutcome } from './ctrl-reply';

export interface CtrlClientOptions {
  /** Deadline of one attempt, queueing included, and undici's connect/headers/body timeouts (CTRL_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * Sockets per board origin (default 1: requests to one board queue on one keep-alive socket; the board
   * is a small ESP32 web server and each query pauses it ~1 s, §1.5). More sockets take turns.
   */
  connections?: number;
  /** Cap on a response body (default 256 KiB). */
  maxBodyBytes?: number;
  /** Ports tried, in order, for an http URL without a port (default §1.5: 80, then 38585). */
  defaultPorts?: readonly number[];
}

/** A board's `/ctrl`: the registry's `ctrl.url` and the admin token (see ctrlTarget). */
export interface CtrlTarget {
  url: string;
  token: string;
}

/** A validated command (the protocol library's ValidatedCommand, or CommandRequest's cmd/positional). */
export interface CtrlCommand {
  cmd: string;
  positional: (string | number)[];
}

interface Exchange {
  status: number;
  body: Buffer;
}

/** Transport failures that prove the request never reached the board, so another port is safe to try. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'CTRL_CONNECT_DEADLINE']);
const EMPTY = Buffer.alloc(0);

/**
 * Abort reason of the per-attempt deadline; its code tells it apart from undici's own timeouts.
 * `CTRL_CONNECT_DEADLINE`: the origin never accepted a connection, so the request was not written.
 */
class CtrlDeadlineError extends Error {
  constructor(readonly code: 'CTRL_DEADLINE' | 'CTRL_CONNECT_DEADLINE' = 'CTRL_DEADLINE') {
    super(code);
  }
}

/**
 * Client of the board's LAN control API: `GET <url>/ctrl?token=…&cmd=…&p1=…&tid=…` (board-protocol §1.5,
 * §3.1). One keep-alive undici Pool per board origin. Nothing is retried on its own: `/ctrl` commands
 * are not idempotent (a repeated sendsms is a second SMS). The client never logs; its errors carry the
 * redacted URL only, never the token or a parameter value.
 */
export class CtrlClient {
  private readonly pools = new Map<string, Pool>();
  /** Host → the default port that last answered (§1.5: 80 or 38585, unknown per firmware). */
  private readonly workingPort = new Map<string, number>();
  /** Origins whose pool has had a socket connected at least once. */
  private readonly reached = new Set<string>();
  private readonly connections: number;
  private readonly maxBodyBytes: number;
  private readonly defaultPorts: readonly number[];
  private closed = false;

  constructor(private readonly opts: CtrlClientOptions) {
    this.connections = opts.connections ?? 1;
    this.maxBodyBytes = opts.maxBodyBytes ?? MAX_CTRL_BODY_BYTES;
    this.defaultPorts = opts.defaultPorts ?? DEFAULT_CTRL_PORTS;
  }

  /**
   * Sends one command and reads the board's answer. An http URL without a port tries the default
   * ports in turn, moving on only when the connection itself failed (refused / connect timeout), so
   * one send takes at most timeoutMs per port tried; remembered per host, the working port goes first.
   * @throws CtrlRejectedError bad token (401/403), other 4xx, an unusable URL, command, tid or token
   * @throws CtrlUnavailableError unreachable, timed out, dropped, 5xx, or the client is closed
   * @throws CtrlProtocolError a 2xx body that is not empty and not a JSON object, or an oversize body
   */
  async send(target: CtrlTarget, cmd: CtrlCommand, tid?: string): Promise<CtrlOutcome> {
    const name = COMMAND_NAME_PATTERN.test(cmd.cmd) ? cmd.cmd : '(invalid)';
    if (this.closed) throw new CtrlUnavailableError('ctrl client is closed', { cmd: name, url: '(closed)' });
    const ep = parseCtrlUrl(target.url);
    if ('invalid' in ep) throw new CtrlRejectedError(ep.invalid, { cmd: name, url: '(invalid ctrl url)' });
    const query = buildQuery(cmd, name, target.token, tid, { cmd: name, url: `${ep.protocol}//${ep.hostname}${ep.path}` });
    const ports = candidatePorts(ep, this.defaultPorts, this.workingPort.get(hostKey(ep)));
    return this.tryPorts(ep, ports, query);
  }

  /** Closes every pool, waiting for requests in flight. Idempotent; later sends fail as unavailable. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private async tryPorts(ep: CtrlEndpoint, ports: number[], query: Record<string, string>): Promise<CtrlOutcome> {
    for (let i = 0; ; i++) {
      const origin = originOf(ep, ports[i]);
      const ctx: CtrlErrorContext = { cmd: query.cmd, url: redactedCtrlUrl(origin, ep.path, query) };
      let exchange: Exchange;
      try {
        exchange = await this.exchange(origin, `${ep.path}?${encodeCtrlQuery(query)}`, ctx);
      } catch (err) {
        if (i + 1 < ports.length && err instanceof CtrlUnavailableError && NOT_CONNECTED.has(err.code ?? '')) continue;
        throw err;
      }
      if (ep.explicitPort === undefined) this.workingPort.set(hostKey(ep), ports[i]);
      if (exchange.status < 200 || exchange.status > 299) throw statusError(exchange.status, { ...ctx, status: exchange.status });
      return outcomeOf(exchange.body, ctx);
    }
  }

  /**
   * One attempt under a native deadline covering queueing, connect, headers and body (undici's own
   * timeouts tick in ~1 s steps and do not count time in the pool's queue).
   */
  private async exchange(origin: string, path: string, ctx: CtrlErrorContext): Promise<Exchange> {
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new CtrlDeadlineError();
        deadline.abort(reason);
        reject(reason);
      }, this.opts.timeoutMs);
    });
    const work = this.get(origin, path, ctx, deadline.signal);
    // A request still queued settles only when undici dispatches it, and then skips it: undici never
    // writes a request whose signal has fired.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, expired]);
    } catch (err) {
      // Deadline before the origin ever accepted a connection: nothing was written (undici skips an
      // aborted request when it gets a socket), so this counts as a connect timeout and may fall back.
      const unconnected = err instanceof CtrlDeadlineError && !this.reached.has(origin);
      throw transportError(unconnected ? new CtrlDeadlineError('CTRL_CONNECT_DEADLINE') : err, ctx, this.opts.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The GET itself; the body is read only for a 2xx (others are drained so the socket can be reused). */
  private async get(origin: string, path: string, ctx: CtrlErrorContext, signal: AbortSignal): Promise<Exchange> {
    const res = await this.poolFor(origin, ctx).request({
      method: 'GET', path, headers: { accept: 'application/json' }, signal,
    });
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump().catch(() => undefined);
      return { status: res.statusCode, body: EMPTY };
    }
    return { status: res.statusCode, body: await readCappedBody(res.body, this.maxBodyBytes, ctx) };
  }

  private poolFor(origin: string, ctx: CtrlErrorContext): Pool {
    if (this.closed) throw new CtrlUnavailableError('ctrl client is closed', ctx);
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      const timeout = this.opts.timeoutMs;
      pool = new Pool(origin, {
        connections: this.connections,
        pipelining: 1, // keep-alive, one request at a time per socket
        connect: { timeout },
        headersTimeout: timeout,
        bodyTimeout: timeout,
        maxResponseSize: this.maxBodyBytes,
      });
      pool.on('connect', () => this.reached.add(origin));
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/**
 * The `/ctrl` query through the protocol library (§1.5: token, cmd, p1..pN, tid).
 * @throws CtrlRejectedError when the name, token or tid cannot go on the wire (its message lists the
 * parameter names only, never their values)
 */
function buildQuery(cmd: CtrlCommand, name: string, token: string, tid: string | undefined,
  ctx: CtrlErrorContext): Record<string, string> {
  if (name !== cmd.cmd) throw new CtrlRejectedError('invalid command name', ctx);
  const v: ValidatedCommand = {
    cmd: cmd.cmd, known: getCommandSpec(cmd.cmd) !== undefined, positional: cmd.positional,
    named: toNamed(cmd.cmd, cmd.positional),
  };
  try {
    return toCtrlQuery(v, { token, tid });
  } catch (err) {
    if (err instanceof CommandValidationError) throw new CtrlRejectedError(err.message, ctx);
    throw err;
  }
}

/** An undici/system failure as a typed error; the timeouts and drops are the board's unavailability. */
function transportError(err: unknown, ctx: CtrlErrorContext, timeoutMs: number): CtrlError {
  if (err instanceof CtrlError) return err;
  const code = codeOf(err);
  const withCode = code === undefined ? ctx : { ...ctx, code };
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new CtrlProtocolError('board answered more than the body size cap', withCode, { cause: err });
  }
  return new CtrlUnavailableError(describeFailure(code, timeoutMs), withCode, { cause: err });
}

function describeFailure(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ECONNREFUSED': return 'board refused the connection';
    case 'UND_ERR_CONNECT_TIMEOUT': case 'CTRL_CONNECT_DEADLINE': return `board did not accept a connection within ${timeoutMs} ms`;
    case 'CTRL_DEADLINE': case 'UND_ERR_HEADERS_TIMEOUT': return `board did not answer within ${timeoutMs} ms`;
    case 'UND_ERR_BODY_TIMEOUT': return `board's answer stalled for ${timeoutMs} ms`;
    case 'UND_ERR_SOCKET': case 'ECONNRESET': return 'board closed the connection before answering';
    default: return `cannot reach board${code === undefined ? '' : ` (${code})`}`;
  }
}

/** `code` of the error, or of the first of an AggregateError (happy-eyeballs connects). */
function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, errors } = err as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  return Array.isArray(errors) ? codeOf(errors[0]) : undefined;
}
