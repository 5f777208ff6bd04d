import type { Socket } from 'node:net';
import {
  type AesCodec, BoardProtocolError, decryptEnvelope, encodeFrame, FrameDecoder, type FrameResult, isEncryptedEnvelope,
} from '@board-bridge/board-protocol';
import type { BoardRefusedError } from '../boards/board-admission';
import type { OfflineReason } from '../ingest/availability';
import { SpoolFullError } from '../ingest/publication';
import { sourceKey } from '../limits/source-key';
import { safeReason } from '../logging/personal-data';
import { FrameThrottle } from './frame-throttle';
import { nowCommand, ONLINE_TYPES } from './handshake';
import type { DownlinkSession } from '../commands/downlink-session';
import type { SessionDeps } from './session-deps';
import type { SessionCloseReason } from './session-registry';

let nextSessionId = 1;

/** Why reading is paused: the spool is full, the session is over its frame rate, or it is closing. */
type PauseReason = 'spool' | 'throttle' | 'closing';

interface OpenedFrame {
  raw: Record<string, unknown>;
  /** The key that decrypted the frame; undefined for plaintext. */
  codec?: AesCodec;
}

/**
 * One board TCP connection: frames in (board-protocol §1.4), the `now` handshake, ping liveness, and
 * corked writes out. Knows nothing of MQTT or Redis; it hands board messages to Ingest in arrival order.
 */
export class BoardSession implements DownlinkSession {
  readonly id = nextSessionId++;
  readonly openedAt = new Date();
  /** The per-source key of the peer (limits/source-key.ts), kept: a destroyed socket forgets its address. */
  readonly source: string;
  devId?: string;
  /** Ownership epoch (bridge-contract §4 fencing), set by command routing once the board is claimed. */
  epoch?: number;
  private readonly decoder: FrameDecoder;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  /** Closing once the frames already read are handed to Ingest; nothing more is read meanwhile. */
  private closing = false;
  private corked = false;
  private nowSeq = 0;
  /** Handshake deadline until the board identifies itself, then the ping liveness deadline. */
  private timer: NodeJS.Timeout;
  private readonly throttle: FrameThrottle;
  private throttleTimer?: NodeJS.Timeout;
  private readonly pauses = new Set<PauseReason>();

  constructor(readonly socket: Socket, private readonly d: SessionDeps) {
    this.decoder = new FrameDecoder({ maxFrameBytes: d.limits.maxFrameBytes });
    this.source = sourceKey(socket.remoteAddress);
    this.throttle = new FrameThrottle({ framesPerSec: d.limits.maxFramesPerSec, burst: d.limits.frameBurst,
      closeAfterMs: d.limits.throttleCloseMs }, Date.now());
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

  pause(reason: PauseReason = 'spool'): void {
    this.pauses.add(reason);
    this.socket.pause();
  }

  /** Reading goes on only when no reason to pause is left (a full spool outlasts a throttle, and back). */
  resume(reason: PauseReason = 'spool'): void {
    this.pauses.delete(reason);
    if (!this.closed && this.pauses.size === 0) this.socket.resume();
  }

  close(reason: SessionCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.throttleTimer);
    this.socket.destroy();
    const { metrics, registry, ingest, log } = this.d;
    metrics.sessionsClosed.inc({ transport: 'tcp', reason });
    if (reason === 'handshake-timeout') {
      // Counted by bridge_sessions_closed_total{reason}; logged once per minute per source (issue 6).
      this.d.badInputLog.warn(`tcp:handshake-timeout:${this.source}`, { source: this.source, kind: reason },
        'board socket closed: no valid frame within HANDSHAKE_TIMEOUT_MS');
    }
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
      if (this.closed || this.closing) return;
      this.onFrame(result);
    }
    this.checkRate();
  }

  /**
   * Stops reading now and closes once every frame already read has been handed to Ingest: a frame read
   * from a board reaches the broker even when the session ends for what came after it (bridge-contract §6).
   */
  private finish(reason: SessionCloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.pause('closing');
    void this.tail.then(() => this.close(reason));
  }

  /**
   * issue 6: over its frame rate the socket is no longer read (frames wait in the kernel, nothing read is
   * dropped); still over it after TCP_THROTTLE_CLOSE_SEC, the session is closed once what it sent so far
   * has been handed to Ingest (bridge-contract §6).
   */
  private checkRate(): void {
    if (this.closed || this.closing) return;
    const verdict = this.throttle.verdict(Date.now());
    if (verdict.action === 'go') return;
    if (verdict.action === 'close') {
      this.bad('flood', `over ${this.d.limits.maxFramesPerSec} frames/s for too long: session closed`);
      return this.finish('flood');
    }
    this.pause('throttle');
    if (verdict.first) this.bad('frame-rate', `over ${this.d.limits.maxFramesPerSec} frames/s: reading paused`);
    this.throttleTimer = setTimeout(() => this.resume('throttle'), verdict.ms);
  }

  private onFrame(result: FrameResult): void {
    this.throttle.frame(Date.now());
    if (!result.ok) {
      this.bad(result.error.kind, result.error.message);
      if (result.error.kind === 'frame-too-large') this.finish('frame-too-large');
      return;
    }
    this.d.metrics.framesReceived.inc();
    const frame = result.value;
    this.tail = this.tail.then(() => this.handle(frame)).catch((err: Error) => {
      this.d.log.error({ err, board: this.devId, session: this.id }, 'board frame handling failed');
    });
  }

  private async handle(frame: Record<string, unknown>): Promise<void> {
    const opened = this.open(frame);
    if (!opened || this.closed) return;
    const { raw, codec } = opened;
    const devId = typeof raw.devId === 'string' || typeof raw.devId === 'number' ? String(raw.devId) : this.devId;
    if (!devId) return this.bad('no-devid', 'frame without devId before the board identified itself');
    if (this.devId && devId !== this.devId) return this.bad('devid-mismatch', 'frame names another board than its session');
    // Before identify: a refused frame can neither open a session nor displace the board's real one.
    const refusal = this.d.admission.check({ devId, transport: 'tcp', raw, codec });
    if (refusal) return this.refuse(refusal, devId);
    if (!this.devId) this.identify(devId, raw);
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

  /**
   * Refused frames are dropped and counted. A socket whose first frame names a board that may not use TCP
   * is closed at once (issue 6); for other refusals the handshake deadline closes a socket that never
   * identifies, and an identified session just loses the frame.
   */
  private refuse(refusal: BoardRefusedError, devId: string): void {
    this.bad(refusal.kind, refusal.message, devId);
    if (!this.devId && (refusal.kind === 'not-allowed' || refusal.kind === 'transport-not-allowed')) {
      this.close('not-allowed');
    }
  }

  private identify(devId: string, raw: Record<string, unknown>): void {
    const { boards, registry, metrics, log, ingest, limits } = this.d;
    this.devId = devId;
    // Liveness: offline after 3 × ping interval + 15 s of silence (board-protocol §1.4, bridge-contract §2),
    // or sooner with TCP_IDLE_TIMEOUT_SEC.
    clearTimeout(this.timer);
    const liveness = boards.livenessMs(devId);
    const capped = limits.idleTimeoutMs > 0 && limits.idleTimeoutMs < liveness;
    this.timer = setTimeout(() => this.close(capped ? 'idle-timeout' : 'ping-timeout'),
      capped ? limits.idleTimeoutMs : liveness);
    registry.register(devId, this);
    metrics.sessionsOpened.inc({ transport: 'tcp' });
    metrics.sessions.inc({ transport: 'tcp' });
    log.info({ board: devId, session: this.id, remote: this.remote }, 'board session opened');
    const netCh = Number(raw.netCh);
    void ingest.online(devId, 'tcp', Number.isInteger(netCh) ? netCh : null).catch(() => undefined);
  }

  /** Plaintext as is; an envelope decrypted with the session board's key, or any key before it identified. */
  private open(frame: Record<string, unknown>): OpenedFrame | undefined {
    if (!isEncryptedEnvelope(frame)) return { raw: frame };
    const codecs = this.devId ? [this.d.boards.profile(this.devId).aes].filter((c) => c !== undefined)
      : this.d.boards.codecs();
    for (const codec of codecs) {
      try {
        return { raw: decryptEnvelope(frame, codec), codec };
      } catch { /* try the next configured key */ }
    }
    this.bad('decryption', codecs.length ? 'no configured key decrypts the frame' : 'encrypted frame, no key set');
    return undefined;
  }

  private sendNow(tz: number): void {
    this.send(nowCommand(new Date(), tz, `now-${this.id}-${++this.nowSeq}`));
  }

  /** Counted every time; logged once per minute per kind and source address (issue 6). */
  private bad(kind: string, message: string, board = this.devId): void {
    this.d.metrics.badInput.inc({ transport: 'tcp', kind });
    this.d.badInputLog.warn(`tcp:${kind}:${this.source}`,
      { board, remote: this.remote, kind }, `bad board input: ${safeReason(message)}`);
  }
}

/** null: the board is online elsewhere, so this instance must not say otherwise. */
function offlineReason(reason: SessionCloseReason): OfflineReason | null {
  if (reason === 'taken-over') return null;
  if (reason === 'ping-timeout' || reason === 'replaced' || reason === 'shutdown') return reason;
  // Silence, only shorter than the liveness deadline: for users it is the same as missed pings.
  if (reason === 'idle-timeout') return 'ping-timeout';
  return 'closed';
}
