import { FrameSyntaxError, FrameTooLargeError } from '../errors';
import { FRAME_TERMINATOR } from './frame-encoder';
import { parseJsonObject } from './json-object';

/** Default cap on one frame's bytes (terminator excluded); no documented board message comes close. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

/** One decoded frame (`size` = its bytes without the terminator), or the reason it was dropped. */
export type FrameResult =
  | { ok: true; value: Record<string, unknown>; size: number }
  | { ok: false; error: FrameTooLargeError | FrameSyntaxError };

export interface FrameDecoderOptions {
  /** Largest accepted frame in bytes, terminator excluded. Default 65536. */
  maxFrameBytes?: number;
}

const TERMINATOR_FIRST = 0x11;
const TERMINATOR_SECOND = 0x12;
const LONE_FIRST_BYTE = Buffer.from([TERMINATOR_FIRST]);
const EMPTY = Buffer.alloc(0);

/**
 * Incremental splitter for the board's TCP stream (board-protocol §1.4): frames are JSON objects each
 * followed by the raw bytes 0x11 0x12, with no length prefix, so a read may hold part of a frame,
 * several frames, or half a terminator. Holds state between `push` calls but does no I/O.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  /** Copies of the bytes of the unfinished frame, joined once when its terminator arrives. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The last chunk ended in 0x11: either the first terminator byte or frame content; the next byte tells. */
  private heldFirstByte = false;
  /** The unfinished frame was already reported as too large: drop its bytes up to the next terminator. */
  private discarding = false;

  constructor(opts: FrameDecoderOptions = {}) {
    const max = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`maxFrameBytes must be a positive integer, got ${String(max)}`);
    }
    this.maxFrameBytes = max;
  }

  /** Bytes held for an unfinished frame (what a caller should count against its memory budget). */
  get bufferedBytes(): number {
    return this.partBytes + (this.heldFirstByte ? 1 : 0);
  }

  /** Forgets any unfinished frame, e.g. when the connection it came from is replaced. */
  reset(): void {
    this.dropParts();
    this.heldFirstByte = false;
    this.discarding = false;
  }

  /** Feeds the next bytes of the stream; returns every frame they complete, in order. */
  push(chunk: Buffer): FrameResult[] {
    const results: FrameResult[] = [];
    let start = this.resolveHeldByte(chunk, results);
    // Whole frames inside the chunk are decoded straight from views of it: no copy, no concat.
    for (let end = chunk.indexOf(FRAME_TERMINATOR, start); end !== -1; end = chunk.indexOf(FRAME_TERMINATOR, start)) {
      this.endFrame(chunk.subarray(start, end), results);
      start = end + FRAME_TERMINATOR.length;
    }
    this.keepTail(chunk.subarray(start), results);
    return results;
  }

  /** Returns where scanning of `chunk` starts once a 0x11 held from the previous chunk is settled. */
  private resolveHeldByte(chunk: Buffer, results: FrameResult[]): number {
    if (!this.heldFirstByte || chunk.length === 0) return 0;
    this.heldFirstByte = false;
    if (chunk[0] === TERMINATOR_SECOND) {
      // The terminator was split across reads.
      this.endFrame(EMPTY, results);
      return 1;
    }
    // A lone 0x11 not followed by 0x12 is ordinary frame content.
    this.append(LONE_FIRST_BYTE, results);
    return 0;
  }

  /** Buffers the unterminated end of a chunk, holding back a trailing 0x11 until the next byte is known. */
  private keepTail(tail: Buffer, results: FrameResult[]): void {
    if (tail.length === 0) return;
    if (tail[tail.length - 1] === TERMINATOR_FIRST) {
      this.heldFirstByte = true;
      this.append(tail.subarray(0, tail.length - 1), results);
    } else {
      this.append(tail, results);
    }
  }

  /** Adds bytes to the unfinished frame, enforcing the size cap before they are buffered. */
  private append(bytes: Buffer, results: FrameResult[]): void {
    if (bytes.length === 0 || this.discarding) return;
    const size = this.partBytes + bytes.length;
    if (size > this.maxFrameBytes) {
      results.push({ ok: false, error: new FrameTooLargeError(this.maxFrameBytes, size) });
      this.dropParts();
      this.discarding = true;
      return;
    }
    // Copied because the caller may reuse its read buffer after push() returns.
    this.parts.push(Buffer.from(bytes));
    this.partBytes = size;
  }

  /** A terminator was found: `last` is the frame's final bytes (the rest, if any, is buffered). */
  private endFrame(last: Buffer, results: FrameResult[]): void {
    if (this.discarding) {
      // The oversized frame ends here; its one error was reported when the cap was crossed.
      this.discarding = false;
      return;
    }
    const size = this.partBytes + last.length;
    if (size > this.maxFrameBytes) {
      results.push({ ok: false, error: new FrameTooLargeError(this.maxFrameBytes, size) });
      this.dropParts();
      return;
    }
    const frame = this.parts.length === 0 ? last : Buffer.concat([...this.parts, last], size);
    this.dropParts();
    decodeFrame(frame, results);
  }

  private dropParts(): void {
    this.parts = [];
    this.partBytes = 0;
  }
}

/** Decodes one complete frame; blank frames (e.g. a stray CR LF between frames) are skipped silently. */
function decodeFrame(frame: Buffer, results: FrameResult[]): void {
  if (isBlank(frame)) return;
  try {
    results.push({ ok: true, value: parseJsonObject(frame), size: frame.length });
  } catch (err) {
    if (!(err instanceof FrameSyntaxError)) throw err;
    results.push({ ok: false, error: err });
  }
}

/** True when the frame holds only JSON whitespace (RFC 8259 §2: space, tab, LF, CR) or nothing. */
function isBlank(frame: Buffer): boolean {
  for (let i = 0; i < frame.length; i += 1) {
    const b = frame[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}
