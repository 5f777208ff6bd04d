import {
  type AesCodec, BoardProtocolError, decodeUpload, type DecodedUpload, DecryptionError, formatBoardTime,
  type UploadRequest,
} from '@board-bridge/board-protocol';
import type { BoardDirectory } from '../boards/board-directory';
import type { Ingest } from '../ingest/ingest';
import { SpoolFullError } from '../ingest/publication';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import type { BridgeMetrics } from '../metrics/bridge-metrics';
import { ONLINE_TYPES } from '../tcp/handshake';
import type { HttpLiveness } from './http-liveness';

export interface UploadAnswer {
  status: 200 | 503;
  body: string;
}

export interface BoardUpload extends UploadRequest {
  /** The board id when the board's URL names it (`/upload/{{devId}}`), to pick its AES key first. */
  boardHint?: string;
  source: string;
}

const numericType = (m: Record<string, unknown>) => /^\d{1,4}$/.test(String(m.type ?? ''));

/**
 * HTTP uploads (board-protocol §1.2, §4): decode, decrypt, ingest, answer. Bad uploads are answered 200
 * like good ones (so a wrong key is no padding oracle, §4.5), counted and dropped; a full spool is 503.
 */
export class UploadHandler {
  constructor(private readonly boards: BoardDirectory, private readonly ingest: Ingest,
    private readonly liveness: HttpLiveness, private readonly metrics: BridgeMetrics,
    private readonly badLog: RateLimitedLog) {}

  async handle(req: BoardUpload): Promise<UploadAnswer> {
    let decoded: DecodedUpload;
    try {
      decoded = this.decode(req);
    } catch (err) {
      return this.dropped(req, err);
    }
    this.metrics.uploadsReceived.inc({ encoding: decoded.encoding });
    let timeZone: number | undefined;
    const accepted: Promise<void>[] = [];
    for (const raw of decoded.messages) {
      try {
        const outcome = await this.accept(raw, req);
        if (!outcome) continue;
        accepted.push(outcome.accepted);
        if (ONLINE_TYPES.has(outcome.type)) timeZone = this.boards.profile(outcome.devId).timeZone;
      } catch (err) {
        if (err instanceof SpoolFullError) return { status: 503, body: '' };
        this.dropped(req, err);
      }
    }
    // bridge-contract §6: answer 200 only once the events are with the broker or in the spool.
    await Promise.all(accepted);
    // board-protocol §1.2: the reply to 100–102 carries the 14-digit board time.
    return { status: 200, body: timeZone === undefined ? '' : formatBoardTime(new Date(), timeZone) };
  }

  private async accept(raw: Record<string, unknown>, req: BoardUpload):
    Promise<{ accepted: Promise<void>; type: number; devId: string } | undefined> {
    const devId = typeof raw.devId === 'string' || typeof raw.devId === 'number' ? String(raw.devId) : undefined;
    if (devId && !this.boards.allowed(devId)) {
      this.bad('not-allowed', req, 'board is not in the allowlist', devId);
      return undefined;
    }
    if (devId && !this.boards.transportAllowed(devId, 'http')) {
      this.bad('transport-not-allowed', req, 'the registry does not allow this board over HTTP', devId);
      return undefined;
    }
    const o = await this.ingest.accept(raw, { transport: 'http', receivedAt: new Date() });
    this.liveness.touch(o.message.devId);
    return { accepted: o.accepted, type: o.message.type, devId: o.message.devId };
  }

  /** Plain first; with a key when the upload is an encrypted envelope or its FORM values are ciphertext. */
  private decode(req: BoardUpload): DecodedUpload {
    const plain = decodeUpload(req);
    if (!plain.encrypted && plain.messages.every(numericType)) return plain;
    const codecs = this.candidates(req.boardHint);
    if (!codecs.length) throw new DecryptionError('encrypted upload but no AES key is configured');
    for (const aes of codecs) {
      try {
        const decoded = decodeUpload(req, { aes });
        if (decoded.messages.every(numericType)) return decoded;
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
      }
    }
    throw new DecryptionError('no configured key decrypts the upload');
  }

  private candidates(hint: string | undefined): readonly AesCodec[] {
    const own = hint ? this.boards.profile(hint).aes : undefined;
    const all = this.boards.codecs();
    return own ? [own, ...all.filter((c) => c !== own)] : all;
  }

  private dropped(req: BoardUpload, err: unknown): UploadAnswer {
    if (!(err instanceof BoardProtocolError)) throw err;
    this.bad(err.kind, req, err.message, req.boardHint);
    return { status: 200, body: '' };
  }

  private bad(kind: string, req: BoardUpload, message: string, board?: string): void {
    this.metrics.badInput.inc({ transport: 'http', kind });
    this.badLog.warn(`http:${kind}:${board ?? req.source}`, { board, source: req.source, kind },
      `bad board upload: ${message}`);
  }
}
