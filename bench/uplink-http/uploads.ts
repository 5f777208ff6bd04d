import { AesCodec, encodeUpload } from '@board-bridge/board-protocol';
import { MARKER_FIELD, markerValue } from '../common/marker';

/** The two upload encodings of the bench (board-protocol §1.2, §4): plaintext POST+FORM, AES POST+JSON. */
export type UploadKind = 'form' | 'aes-json';
export const UPLOAD_KINDS: readonly UploadKind[] = ['form', 'aes-json'];

/** The AES key and IV of every bench board (BOARDS_FILE `defaults`), 16 ASCII characters each (§4.1). */
export const BENCH_AES = { key: 'benchkey12345678', iv: 'benchiv876543210' };

export interface Upload {
  path: string;
  contentType: string;
  body: Buffer;
}

/** The board registry of the bench: every board's uploads are encrypted with BENCH_AES (defaults). */
export function registryJson(): string {
  return JSON.stringify({ allowlist: false, defaults: { aesKey: BENCH_AES.key, aesIv: BENCH_AES.iv } });
}

/** SMS report `seq` of a batch, from board `seq % boards`; distinct, so dedup lets each one through. */
function smsMessage(tag: string, batch: number, seq: number, boards: number): Record<string, unknown> {
  const devId = `${tag}${String(seq % boards).padStart(5, '0')}`;
  const bseq = markerValue(batch, seq);
  // smsTm: recent, so the freshness check on encrypted uploads (FRESHNESS_WINDOW_SEC) lets it through.
  return { devId, type: 501, slot: 1 + (seq % 2), phNum: '10086', smsBd: `uplink bench ${bseq} 余额`, charset: 'utf8',
    smsTm: Date.now() - 60_000 + (seq % 1000), netCh: 0, imsi: '46007337111234', iccId: '898607D3161990212345',
    msIsdn: '+8613206411822', [MARKER_FIELD]: bseq };
}

/** `count` uploads of one batch, each to `/upload/{devId}` (the board's URL names it, §1.1). */
export function buildUploads(kind: UploadKind, tag: string, batch: number, count: number, boards: number): Upload[] {
  const aes = kind === 'aes-json' ? new AesCodec(BENCH_AES.key, BENCH_AES.iv) : undefined;
  return Array.from({ length: count }, (_, seq) => {
    const msg = smsMessage(tag, batch, seq, boards);
    const req = encodeUpload(msg, kind === 'form' ? 'post-form' : 'post-json', { aes });
    return { path: `/upload/${String(msg.devId)}`, contentType: req.contentType ?? '', body: req.body ?? Buffer.alloc(0) };
  });
}
