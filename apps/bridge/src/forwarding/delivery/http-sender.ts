import { Pool } from 'undici';
import type { OutgoingRequest } from '../render/render-request';
import type { HttpAnswer } from './classify';

/** Bot replies are small; anything past this is not read (the status decides). */
const MAX_READ_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 30_000;

export interface SendOptions {
  timeoutMs: number;
  /** Sockets of the origin's pool (the rule's `connections`), fixed by the first request to it. */
  connections: number;
  /** Read the answer's body (bot templates); otherwise it is discarded. */
  readBody: boolean;
  /** Aborts the request (shutdown, lease lost). */
  signal?: AbortSignal;
}

/** Abort reason of the per-attempt deadline, classified as a timeout. */
class DeadlineError extends Error {
  readonly code = 'FORWARD_DEADLINE';
}

/**
 * Outbound HTTP of forwarding: one keep-alive undici Pool per receiver origin, a deadline per attempt
 * (queueing in the pool, connect, headers and body), no redirects. Throws undici's errors for transport
 * failures; classify.ts turns answers and errors into outcomes.
 */
export class HttpSender {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  async send(req: OutgoingRequest, opts: SendOptions): Promise<HttpAnswer> {
    const url = new URL(req.url);
    // One controller per attempt, tied to the caller's signal by a listener removed afterwards: the
    // caller's signal lives as long as a lane's lease, and AbortSignal.any would keep every attempt's
    // signal attached to it.
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new DeadlineError('deadline')), opts.timeoutMs);
    const onAbort = () => ctrl.abort(opts.signal?.reason);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.pool(url.origin, opts).request({
        method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers, body: req.body, signal: ctrl.signal,
      });
      const body = opts.readBody ? await readCapped(res.body) : await res.body.dump().then(() => undefined);
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      if (ctrl.signal.reason instanceof DeadlineError) throw ctrl.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes every pool, letting requests in flight finish. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }

  private pool(origin: string, opts: SendOptions): Pool {
    if (this.closed) throw Object.assign(new Error('forwarding sender is closed'), { code: 'FORWARD_CLOSED' });
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: opts.connections, pipelining: 1, keepAliveTimeout: KEEP_ALIVE_MS,
        connect: { timeout: opts.timeoutMs }, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { dump(): Promise<void> }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_READ_BYTES) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_READ_BYTES).toString('utf8');
}
