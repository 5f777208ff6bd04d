import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { ackOnly, type BoardAnswerer } from './board-answers';
import type { MqttProbe } from './mqtt-probe';
import {
  AesCodec, encodeFrame, encryptEnvelope, encodeUpload, FrameDecoder,
} from '@board-bridge/board-protocol';

export type UploadEncoding = 'get-form' | 'get-json' | 'post-form' | 'post-json';

export interface FakeBoardOptions {
  devId: string;
  /** AES key/IV as the board would hold them (board-protocol §4.1). */
  aes?: { key: string; iv: string };
  /** Answer `now` and other commands with a 999 ack carrying the tid, like the board (§1.4). */
  autoAck?: boolean;
  /** How to answer commands (default: ackOnly); see board-answers.ts. */
  answer?: BoardAnswerer;
}

/**
 * A board for tests, built on the protocol library: connects over TCP, acknowledges the `now`
 * handshake like the board, sends pings and pushes, and uploads over HTTP in all four encodings.
 */
export class FakeBoard {
  readonly received: Record<string, unknown>[] = [];
  private socket?: Socket;
  private readonly decoder = new FrameDecoder();
  private readonly waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  private readonly codec?: AesCodec;
  private pingCount = 0;

  constructor(readonly opts: FakeBoardOptions) {
    if (opts.aes) this.codec = new AesCodec(opts.aes.key, opts.aes.iv);
  }

  get devId(): string {
    return this.opts.devId;
  }

  async connect(port: number, host = '127.0.0.1'): Promise<void> {
    const socket = connect(port, host);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const r of this.decoder.push(chunk)) if (r.ok) this.onFrame(r.value);
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  }

  get closed(): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => s.once('close', () => resolve()));
  }

  /** Sends one board message over TCP (encrypted when the board has a key). */
  send(msg: Record<string, unknown>): void {
    this.writeRaw(encodeFrame(this.codec ? encryptEnvelope(msg, this.codec) : msg));
  }

  writeRaw(bytes: Buffer | string): void {
    if (!this.socket) throw new Error('fake board is not connected');
    this.socket.write(bytes);
  }

  /** The online push that opens a session (board-protocol §2.3, type 100). */
  hello(extra: Record<string, unknown> = {}): void {
    this.send({ devId: this.devId, type: 100, ip: '192.168.7.170', ssid: 'mywifi', dbm: 61, netCh: 0, ...extra });
  }

  ping(): void {
    this.send({ devId: this.devId, type: 998, netCh: 0, cnt: ++this.pingCount });
  }

  /** Resolves with the next frame from the bridge that matches (already received ones count). */
  nextFrame(match: (f: Record<string, unknown>) => boolean = () => true, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const seen = this.received.find(match);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => { clearTimeout(timer); resolve(f); } });
    });
  }

  /** Uploads one message over HTTP the way the board does (board-protocol §1.2, §4). */
  async upload(baseUrl: string, msg: Record<string, unknown>, encoding: UploadEncoding):
    Promise<{ status: number; body: string }> {
    const req = encodeUpload(msg, encoding, { aes: this.codec });
    const url = req.query ? `${baseUrl}?${req.query}` : baseUrl;
    const res = await request(url, {
      method: req.method as 'GET' | 'POST',
      headers: req.contentType ? { 'content-type': req.contentType } : {},
      body: req.body,
    });
    return { status: res.statusCode, body: await res.body.text() };
  }

  close(): void {
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.destroy();
  }

  /** Sends the answers a few milliseconds apart, in order, like a board working through a command. */
  private answer(f: Record<string, unknown>): void {
    const frames = (this.opts.answer ?? ackOnly)(f, this.devId);
    frames.forEach((frame, i) => setTimeout(() => {
      if (this.socket && !this.socket.destroyed) this.send(frame);
    }, 5 * i));
  }

  private onFrame(f: Record<string, unknown>): void {
    if (this.opts.autoAck !== false && typeof f.cmd === 'string') this.answer(f);
    const i = this.waiters.findIndex((w) => w.match(f));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w.resolve(f);
    } else {
      this.received.push(f);
    }
  }
}

/** Connects the board over TCP, says hello, and waits until its `online` event reached the probe. */
export async function bringOnline(board: FakeBoard, tcpPort: number, probe: MqttProbe, base: string): Promise<FakeBoard> {
  await board.connect(tcpPort);
  board.hello();
  await probe.next(`${base}/${board.devId}/event/online`);
  return board;
}

/** Connects the board over TCP, says hello, and waits for the bridge's `now` handshake (board-protocol §1.4). */
export async function handshaken(board: FakeBoard, tcpPort: number): Promise<FakeBoard> {
  await board.connect(tcpPort);
  board.hello();
  await board.nextFrame((f) => f.cmd === 'now');
  return board;
}
