import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Epoch ms when the request was complete. */
  at: number;
  /** The status answered; undefined for `hang` and `drop`. */
  status?: number;
}

/** What to do with one request: a status (and headers/body), `hang` (never answer), or `drop` (reset the socket). */
export type Reply = number | { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'drop';

/**
 * A plain node:http receiver for forwarding tests: records every request, answers from a script
 * (first matching scripted replies in order, then the default), so failures can be staged exactly.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private script: Reply[] = [];
  private hanging: ServerResponse[] = [];
  private constructor(private readonly server: Server, readonly name: string, public fallback: Reply) {}

  static async start(name = 'receiver', fallback: Reply = 200): Promise<HttpReceiver> {
    const server = createServer();
    const r = new HttpReceiver(server, name, fallback);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => r.handle({ method: req.method ?? '', url: req.url ?? '', headers: req.headers,
        body: Buffer.concat(chunks), at: Date.now() }, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Consulted first for every request; undefined falls through to the script and the fallback. */
  decide?: (req: ReceivedRequest) => Reply | undefined;

  /** The next requests get these replies, in order; then the fallback again. */
  answer(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  /** Requests answered 2xx (what a receiver counts as delivered). */
  get delivered(): ReceivedRequest[] {
    return this.requests.filter((q) => q.status !== undefined && q.status < 300);
  }

  json<T = Record<string, unknown>>(i: number): T {
    return JSON.parse(this.requests[i].body.toString()) as T;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: ReceivedRequest, res: ServerResponse): void {
    const reply = this.decide?.(req) ?? (this.script.length ? this.script.shift() as Reply : this.fallback);
    const record = req;
    this.requests.push(record);
    if (reply === 'hang') { this.hanging.push(res); return; }
    if (reply === 'drop') { res.socket?.destroy(); return; }
    const r = typeof reply === 'number' ? { status: reply } : reply;
    record.status = r.status;
    res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
    res.end(r.body ?? '{}');
  }
}
