import {
  type AesCodec, BoardProtocolError, decodeUpload, type DecodedUpload, DecryptionError, formatBoardTime,
  type UploadRequest,
} from '@board-bridge/board-protocol';
import type { BoardAdmission } from '../boards/board-admission';
import type { BoardDirectory } from '../boards/board-directory';
import type { Ingest } from '../ingest/ingest';
import { SpoolFullError } from '../ingest/publication';
import { sourceKey } from '../limits/source-key';
import { safeReason } from '../logging/personal-data';
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
  /** The secret the request carried in its URL or headers (upload-target.ts). */
  secret?: string;
  source: string;
}

interface OpenedUpload {
  decoded: DecodedUpload;
  /** The key that decrypted the upload; undefined for plaintext. */
  codec?: AesCodec;
}

// Strings and numbers only: String() of an array nested a few thousand levels deep overflows the stack.
const numericType = (m: Record<string, unknown>) =>
  (typeof m.type === 'number' || typeof m.type === 'string') && /^\d{1,4}$/.test(String(m.type));

/**
 * HTTP uploads (board-protocol §1.2, §4): decode, decrypt, ingest, answer. Bad uploads are answered 200
 * like good ones (so a wrong key is no padding oracle, §4.5), counted and dropped; a full spool is 503.
 */
export class UploadHandler {
  constructor(private readonly boards: BoardDirectory, private readonly admission: BoardAdmission,
    private readonly ingest: Ingest, private readonly liveness: HttpLiveness, private readonly metrics: BridgeMetrics,
    private readonly badLog: RateLimitedLog) {}

  async handle(req: BoardUpload): Promise<UploadAnswer> {
    let opened: OpenedUpload;
    try {
      opened = this.decode(req);
    } catch (err) {
      return this.dropped(req, err);
    }
    this.metrics.uploadsReceived.inc({ encoding: opened.decoded.encoding });
    let timeZone: number | undefined;
    const accepted: Promise<void>[] = [];
    for (const raw of opened.decoded.messages) {
      try {
        const outcome = await this.accept(raw, req, opened.codec);
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

  /** The registry's rules (allowlist, transports, encryption, secret, freshness) first; refused = dropped. */
  private async accept(raw: Record<string, unknown>, req: BoardUpload, codec: AesCodec | undefined):
    Promise<{ accepted: Promise<void>; type: number; devId: string } | undefined> {
    const devId = typeof raw.devId === 'string' || typeof raw.devId === 'number' ? String(raw.devId) : undefined;
    const refusal = devId && this.admission.check({ devId, transport: 'http', raw, codec, secret: req.secret });
    if (refusal) {
      this.bad(refusal.kind, req, refusal.message, devId);
      return undefined;
    }
    const o = await this.ingest.accept(raw, { transport: 'http', receivedAt: new Date() });
    this.liveness.touch(o.message.devId);
    return { accepted: o.accepted, type: o.message.type, devId: o.message.devId };
  }

  /** Plain first; with a key when the upload is an encrypted envelope or its FORM values are ciphertext. */
  private decode(req: BoardUpload): OpenedUpload {
    const plain = decodeUpload(req);
    if (!plain.encrypted && plain.messages.every(numericType)) return { decoded: plain };
    const codecs = this.candidates(req.boardHint);
    if (!codecs.length) throw new DecryptionError('encrypted upload but no AES key is configured');
    for (const aes of codecs) {
      try {
        const decoded = decodeUpload(req, { aes });
        if (decoded.messages.every(numericType)) return { decoded, codec: aes };
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

  /** Counted every time; logged once per minute per kind and source address (issue 6). */
  private bad(kind: string, req: BoardUpload, message: string, board?: string): void {
    this.metrics.badInput.inc({ transport: 'http', kind });
    this.badLog.warn(`http:${kind}:${sourceKey(req.source)}`, { board, source: req.source, kind },
      `bad board upload: ${safeReason(message)}`);
  }
}
