import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * How the fake answers one command. Defaults follow board-protocol §1.5/§3.2: `{"code":0}`, `stat` a
 * status object typed 999, `restart` and `now` an empty body.
 */
export type CtrlAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'empty' }
  /** §1.5: the only documented error, `{"code":101,"msg":"Invalid arguments."}`. */
  | { kind: 'invalid-arguments' }
  | { kind: 'status'; status: number }
  /** A 200 whose body is not JSON (e.g. an HTML page). */
  | { kind: 'raw'; body: string }
  /** Destroy the socket without answering. */
  | { kind: 'drop' }
  /** A 200 JSON-looking body of `bytes` bytes, with Content-Length or chunked. */
  | { kind: 'oversize'; bytes: number; chunked: boolean };

export interface CtrlScript {
  answer?: CtrlAnswer;
  /** Wait this long before answering (to provoke the client's timeout). */
  delayMs?: number;
}

export interface CtrlRequestRecord {
  method: string;
  path: string;
  /** The query string as it arrived, still percent-encoded. */
  rawQuery: string;
  /** The decoded query parameters. */
  query: Record<string, string>;
}

/** The v1 `stat` example of §3.2, made valid JSON (the vendor's has a missing and a trailing comma). */
export const STAT_REPLY = {
  devId: '498060912345', hwVer: 'Y57v671', dailyRst: 4, dailyOTA: 3, pingSec: 110, netCh: 0,
  wifi: { ssid: 'mywifi', ip: '192.168.7.170', dbm: 24 },
  slot: { netOrder: [1, 2], slot1_sta: 'ERR', slot2_sta: 'POWON', sim2_op: 'T', sim2_sta: 'OK' },
  devTime: '220420184724', type: 999,
};

/**
 * A board's LAN `/ctrl` API (board-protocol §1.5) on a real node:http server on 127.0.0.1.
 * Wrong token: the board's behaviour is UNKNOWN (§1.5, §6 unknown 8); this fake answers HTTP 401 with
 * an empty body, the likeliest for the board's ESP32 web server (its /mgr pages use HTTP auth).
 */
export class FakeBoardCtrl {
  readonly requests: CtrlRequestRecord[] = [];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections = 0;
  private readonly server: Server;
  private readonly scripts = new Map<string, CtrlScript>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: { token: string }) {
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', () => this.connections++);
  }

  /** Listens on 127.0.0.1 (`port` 0 = any free port). */
  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`, the form of a registry `ctrl.url`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Decoded queries of every request, in order (including refused ones). */
  get queries(): Record<string, string>[] {
    return this.requests.map((r) => r.query);
  }

  /** From now on, answer `cmd` this way. */
  script(cmd: string, script: CtrlScript): this {
    this.scripts.set(cmd, script);
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://board.invalid');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? '', path: url.pathname, rawQuery: url.search.slice(1), query });
    if (url.pathname !== '/ctrl') return void res.writeHead(404).end();
    if (query.token !== this.opts.token) return void res.writeHead(401).end();
    const script = this.scripts.get(query.cmd) ?? {};
    const answer = script.answer ?? defaultAnswer(query.cmd);
    if (!script.delayMs) return respond(req, res, answer);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      respond(req, res, answer);
    }, script.delayMs);
    this.timers.add(timer);
  }
}

function defaultAnswer(cmd: string | undefined): CtrlAnswer {
  if (cmd === 'stat') return { kind: 'json', body: STAT_REPLY };
  if (cmd === 'restart' || cmd === 'now') return { kind: 'empty' };
  return { kind: 'json', body: { code: 0 } };
}

function respond(req: IncomingMessage, res: ServerResponse, answer: CtrlAnswer): void {
  if (res.destroyed) return;
  switch (answer.kind) {
    case 'json': return send(res, 200, JSON.stringify(answer.body), 'application/json');
    case 'empty': return send(res, 200, '', 'text/plain');
    case 'invalid-arguments': return send(res, 200, '{"code":101,"msg":"Invalid arguments."}', 'application/json');
    case 'status': return send(res, answer.status, '', 'text/plain');
    case 'raw': return send(res, 200, answer.body, 'text/html');
    case 'drop': return void req.socket.destroy();
    case 'oversize': return oversize(res, answer.bytes, answer.chunked);
  }
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** `{"code":0,"pad":"xxx…"}` of exactly `bytes` bytes, written in 16 KiB pieces when chunked. */
function oversize(res: ServerResponse, bytes: number, chunked: boolean): void {
  const head = '{"code":0,"pad":"';
  const body = `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
  res.writeHead(200, chunked ? { 'content-type': 'application/json' }
    : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  if (!chunked) return void res.end(body);
  for (let i = 0; i < body.length && !res.destroyed; i += 16_384) res.write(body.slice(i, i + 16_384));
  res.end();
}

/** Child process: listen with backlog 1, print the port, then block its event loop so nothing is accepted. */
const BLACKHOLE_SCRIPT = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  require('node:fs').writeSync(1, server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;

/**
 * A loopback port where TCP connects hang, like a firewalled port 80: a listener that never accepts,
 * its accept queue filled by a few connections, so Linux drops further SYNs (tcp_abort_on_overflow=0).
 * @throws when the platform does not behave so (every filler connected), rather than testing nothing
 */
export async function blackholePort(): Promise<{ port: number; close(): void }> {
  const child = spawn(process.execPath, ['-e', BLACKHOLE_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('error', reject);
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < 6; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const close = () => {
    for (const socket of fillers) socket.destroy();
    child.kill('SIGKILL');
  };
  if (!fillers.some((socket) => socket.connecting)) {
    close();
    throw new Error('blackholePort: every connection was accepted; SYNs are not dropped on this platform');
  }
  return { port, close };
}
