import type { Socket } from 'node:net';
import {
  BoardProtocolError, decryptEnvelope, encodeFrame, FrameDecoder, type FrameResult, isEncryptedEnvelope,
} from '@board-bridge/board-protocol';
import type { OfflineReason } from '../ingest/availability';
import { SpoolFullError } from '../ingest/publication';
import { nowCommand, ONLINE_TYPES } from './handshake';
import type { DownlinkSession } from '../commands/downlink-session';
import type { SessionDeps } from './session-deps';
import type { SessionCloseReason } from './session-registry';

let nextSessionId = 1;

/**
 * One board TCP connection: frames in (board-protocol §1.4), the `now` handshake, ping liveness, and
 * corked writes out. Knows nothing of MQTT or Redis; it hands board messages to Ingest in arrival order.
 */
export class BoardSession implements DownlinkSession {
  readonly id = nextSessionId++;
  readonly openedAt = new Date();
  devId?: string;
  /** Ownership epoch (bridge-contract §4 fencing), set by command routing once the board is claimed. */
  epoch?: number;
  private readonly decoder: FrameDecoder;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  private corked = false;
  private nowSeq = 0;
  /** Handshake deadline until the board identifies itself, then the ping liveness deadline. */
  private timer: NodeJS.Timeout;

  constructor(readonly socket: Socket, private readonly d: SessionDeps) {
    this.decoder = new FrameDecoder({ maxFrameBytes: d.limits.maxFrameBytes });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close('error'));
    socket.on('close', () => this.close('closed'));
    // board-protocol §1.4: the 102 page recommends sending `now` as soon as the socket is accepted.
    this.sendNow(d.boards.profile('').timeZone);
    this.timer = setTimeout(() => this.close('handshake-timeout'), d.limits.handshakeTimeoutMs);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** Writes one frame; writes of one tick are batched into one syscall (stack.md pitfall 6). */
  send(obj: object): boolean {
    if (this.closed) return false;
    if (this.socket.writableLength > this.d.limits.maxWriteBufferBytes) {
      this.close('slow-consumer');
      return false;
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => { this.corked = false; this.socket.uncork(); });
    }
    return this.socket.write(encodeFrame(obj));
  }

  pause(): void { this.socket.pause(); }

  resume(): void { if (!this.closed) this.socket.resume(); }

  close(reason: SessionCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.socket.destroy();
    const { metrics, registry, ingest, log } = this.d;
    metrics.sessionsClosed.inc({ transport: 'tcp', reason });
    if (!this.devId) return;
    metrics.sessions.dec({ transport: 'tcp' });
    log.info({ board: this.devId, session: this.id, remote: this.remote, reason }, 'board session closed');
    if (!registry.release(this.devId, this)) return;
    const offline = offlineReason(reason);
    if (offline) void ingest.offline(this.devId, offline);
    else ingest.forget(this.devId);
  }

  private onData(chunk: Buffer): void {
    for (const result of this.decoder.push(chunk)) {
      if (this.closed) return;
      this.onFrame(result);
    }
  }

  private onFrame(result: FrameResult): void {
    if (!result.ok) {
      this.bad(result.error.kind, result.error.message);
      if (result.error.kind === 'frame-too-large') this.close('frame-too-large');
      return;
    }
    this.d.metrics.framesReceived.inc();
    const frame = result.value;
    this.tail = this.tail.then(() => this.handle(frame)).catch((err: Error) => {
      this.d.log.error({ err, board: this.devId, session: this.id }, 'board frame handling failed');
    });
  }

  private async handle(frame: Record<string, unknown>): Promise<void> {
    const raw = this.decrypt(frame);
    if (!raw || this.closed) return;
    const devId = typeof raw.devId === 'string' || typeof raw.devId === 'number' ? String(raw.devId) : this.devId;
    if (!devId) return this.bad('no-devid', 'frame without devId before the board identified itself');
    if (!this.devId && !this.identify(devId, raw)) return;
    if (devId !== this.devId) return this.bad('devid-mismatch', 'frame names another board than its session');
    this.timer.refresh();
    if (ONLINE_TYPES.has(Number(raw.type))) this.sendNow(this.d.boards.profile(devId).timeZone);
    await this.ingest(raw);
  }

  /** Hands one message to Ingest; a full spool pauses reading instead of dropping (bridge-contract §6). */
  private async ingest(raw: Record<string, unknown>): Promise<void> {
    try {
      // Overflow is allowed: this frame was already read from the socket; the server pauses reading.
      await this.d.ingest.accept(raw, { transport: 'tcp', devId: this.devId, receivedAt: new Date() }, true);
    } catch (err) {
      if (err instanceof BoardProtocolError) this.bad(err.kind, err.message);
      else if (!(err instanceof SpoolFullError)) throw err;
    }
  }

  private identify(devId: string, raw: Record<string, unknown>): boolean {
    const { boards, registry, metrics, log, ingest } = this.d;
    if (!boards.allowed(devId) || !boards.transportAllowed(devId, 'tcp')) {
      const listed = boards.allowed(devId);
      this.bad(listed ? 'transport-not-allowed' : 'not-allowed',
        listed ? 'the registry does not allow this board over TCP' : 'board is not in the allowlist', devId);
      this.close('not-allowed');
      return false;
    }
    this.devId = devId;
    // Liveness: offline after 3 × ping interval + 15 s of silence (board-protocol §1.4, bridge-contract §2).
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.close('ping-timeout'), boards.livenessMs(devId));
    registry.register(devId, this);
    metrics.sessionsOpened.inc({ transport: 'tcp' });
    metrics.sessions.inc({ transport: 'tcp' });
    log.info({ board: devId, session: this.id, remote: this.remote }, 'board session opened');
    const netCh = Number(raw.netCh);
    void ingest.online(devId, 'tcp', Number.isInteger(netCh) ? netCh : null).catch(() => undefined);
    return true;
  }

  private decrypt(frame: Record<string, unknown>): Record<string, unknown> | undefined {
    if (!isEncryptedEnvelope(frame)) return frame;
    const codecs = this.devId ? [this.d.boards.profile(this.devId).aes].filter((c) => c !== undefined)
      : this.d.boards.codecs();
    for (const codec of codecs) {
      try {
        return decryptEnvelope(frame, codec);
      } catch { /* try the next configured key */ }
    }
    this.bad('decryption', codecs.length ? 'no configured key decrypts the frame' : 'encrypted frame, no key set');
    return undefined;
  }

  private sendNow(tz: number): void {
    this.send(nowCommand(new Date(), tz, `now-${this.id}-${++this.nowSeq}`));
  }

  private bad(kind: string, message: string, board = this.devId): void {
    this.d.metrics.badInput.inc({ transport: 'tcp', kind });
    this.d.badInputLog.warn(`tcp:${kind}:${board ?? this.socket.remoteAddress}`,
      { board, remote: this.remote, kind }, `bad board input: ${message}`);
  }
}

/** null: the board is online elsewhere, so this instance must not say otherwise. */
function offlineReason(reason: SessionCloseReason): OfflineReason | null {
  if (reason === 'taken-over') return null;
  if (reason === 'ping-timeout' || reason === 'replaced' || reason === 'shutdown') return reason;
  return 'closed';
}
