import { connect, type Socket } from 'node:net';
import { Agent, request } from 'undici';
import { AesCodec, encodeFrame, encodeUpload, encryptEnvelope, FrameDecoder } from '@board-bridge/board-protocol';
import type { UploadEncoding } from './fake-board';

/**
 * Board clients for the security tests that FakeBoard does not cover: a chosen source address
 * (127.0.0.0/8 is all loopback on Linux, so 127.0.0.2 is "another address"), extra headers, a socket
 * that is refused before the handshake.
 */
export interface ClientOptions {
  aes?: { key: string; iv: string };
  localAddress?: string;
}

const agents = new Map<string, Agent>();

function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ localAddress })));
  return agent;
}

export async function closeAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}

/** One upload as the board makes it (board-protocol §1.2, §4), from `localAddress`, with `headers`. */
export async function uploadAs(url: string, msg: Record<string, unknown>, encoding: UploadEncoding,
  opts: ClientOptions & { headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  const aes = opts.aes ? new AesCodec(opts.aes.key, opts.aes.iv) : undefined;
  const req = encodeUpload(msg, encoding, { aes });
  const sep = url.includes('?') ? '&' : '?';
  const res = await request(req.query ? `${url}${sep}${req.query}` : url, {
    method: req.method as 'GET' | 'POST', body: req.body,
    headers: { ...(req.contentType ? { 'content-type': req.contentType } : {}), ...opts.headers },
    dispatcher: opts.localAddress ? agentFor(opts.localAddress) : undefined,
  });
  return { status: res.statusCode, body: await res.body.text() };
}

/** A raw board socket from a chosen address; `closed` settles when the bridge (or we) closed it. */
export class RawBoardSocket {
  readonly frames: Record<string, unknown>[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private readonly codec?: AesCodec;

  private constructor(readonly socket: Socket, opts: ClientOptions) {
    if (opts.aes) this.codec = new AesCodec(opts.aes.key, opts.aes.iv);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const r of this.decoder.push(chunk)) if (r.ok) this.frames.push(r.value);
    });
  }

  static async open(port: number, opts: ClientOptions = {}): Promise<RawBoardSocket> {
    const socket = connect({ port, host: '127.0.0.1', localAddress: opts.localAddress });
    const s = new RawBoardSocket(socket, opts);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return s;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Encrypted when the client has a key. */
  send(msg: Record<string, unknown>): void {
    this.socket.write(this.encode(msg));
  }

  /** Several frames in one write, to arrive in one chunk (a burst). */
  sendMany(msgs: Record<string, unknown>[]): void {
    this.socket.write(Buffer.concat(msgs.map((m) => this.encode(m))));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private encode(msg: Record<string, unknown>): Buffer {
    return encodeFrame(this.codec ? encryptEnvelope(msg, this.codec) : msg);
  }
}
