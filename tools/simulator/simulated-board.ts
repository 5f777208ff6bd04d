import { connect, type Socket } from 'node:net';
import {
  AesCodec, type BoardUploadEncoding, encodeFrame, encodeUpload, encryptEnvelope, FrameDecoder,
} from '@board-bridge/board-protocol';
import { request } from 'undici';
import { realisticBoard } from '../../libs/board-protocol/src/testing/board-answers';
import { backoffMs, nextEvent, onlineMessage, type Rng } from './event-mix';

export interface BridgeAddress {
  host: string;
  tcpPort: number;
  uploadUrl: string;
}

export interface SimulatedBoardOptions {
  devId: string;
  transport: 'tcp' | 'http';
  bridge: BridgeAddress;
  /** Board messages per minute besides pings. */
  ratePerMin: number;
  pingSec: number;
  rng: Rng;
  aes?: { key: string; iv: string };
  encoding?: BoardUploadEncoding;
}

export interface BoardStats {
  sent: number;
  commands: number;
  reconnects: number;
  errors: number;
}

/**
 * One board as the firmware behaves (board-protocol §1.4, §2, §3): TCP boards open with 100, answer the
 * `now` handshake and every command (with the documented reports, a few tens of ms later), ping, report
 * events, and reconnect with back-off; HTTP boards upload the same messages.
 */
export class SimulatedBoard {
  readonly stats: BoardStats = { sent: 0, commands: 0, reconnects: 0, errors: 0 };
  private socket?: Socket;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private seq = 0;
  private attempt = 0;
  private readonly codec?: AesCodec;

  constructor(private readonly o: SimulatedBoardOptions) {
    if (o.aes) this.codec = new AesCodec(o.aes.key, o.aes.iv);
  }

  start(): void {
    if (this.o.transport === 'tcp') this.connectTcp();
    else void this.upload(onlineMessage(this.o.devId));
    this.every(this.o.pingSec * 1000, () => this.emit({ devId: this.o.devId, type: 998, netCh: 0, cnt: ++this.seq }));
    if (this.o.ratePerMin > 0) {
      this.every(60_000 / this.o.ratePerMin, () => this.emit(nextEvent(this.o.devId, ++this.seq, this.o.rng, Date.now())));
    }
  }

  stop(): void {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    this.socket?.destroy();
  }

  private every(ms: number, fn: () => void): void {
    // A random phase, so a thousand boards started together do not all speak in the same millisecond.
    const first = setTimeout(() => {
      fn();
      this.timers.push(setInterval(fn, ms));
    }, this.o.rng() * ms);
    this.timers.push(first);
  }

  private emit(msg: Record<string, unknown>): void {
    if (this.o.transport === 'http') void this.upload(msg);
    else if (this.socket && !this.socket.connecting && !this.socket.destroyed) this.send(msg);
  }

  private connectTcp(): void {
    const socket = connect(this.o.bridge.tcpPort, this.o.bridge.host);
    const decoder = new FrameDecoder();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.attempt = 0;
      this.send(onlineMessage(this.o.devId));
    });
    socket.on('data', (chunk: Buffer) => {
      for (const r of decoder.push(chunk)) if (r.ok) this.onCommand(r.value);
    });
    socket.on('error', () => { this.stats.errors++; });
    socket.on('close', () => this.reconnectLater());
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.stats.reconnects++;
    this.timers.push(setTimeout(() => this.connectTcp(), backoffMs(this.attempt++, this.o.rng)));
  }

  /** Answers like the board: the 999 ack at once, reports after a realistic delay. */
  private onCommand(frame: Record<string, unknown>): void {
    if (typeof frame.cmd !== 'string') return;
    this.stats.commands++;
    realisticBoard(frame, this.o.devId).forEach((answer, i) => {
      this.timers.push(setTimeout(() => this.send(answer), i === 0 ? 5 : 50 + this.o.rng() * 200));
    });
  }

  private send(msg: Record<string, unknown>): void {
    if (!this.socket || this.socket.destroyed) return;
    this.socket.write(encodeFrame(this.codec ? encryptEnvelope(msg, this.codec) : msg));
    this.stats.sent++;
  }

  private async upload(msg: Record<string, unknown>): Promise<void> {
    const req = encodeUpload(msg, this.o.encoding ?? 'post-form', { aes: this.codec });
    try {
      const res = await request(req.query ? `${this.o.bridge.uploadUrl}?${req.query}` : this.o.bridge.uploadUrl, {
        method: req.method as 'GET' | 'POST', body: req.body,
        headers: req.contentType ? { 'content-type': req.contentType } : {},
      });
      await res.body.dump();
      if (res.statusCode === 200) this.stats.sent++;
      else this.stats.errors++;
    } catch {
      this.stats.errors++;
    }
  }
}
