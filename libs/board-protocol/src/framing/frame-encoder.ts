/**
 * board-protocol §1.4: every TCP frame, in both directions, is one compact UTF-8 JSON object followed by
 * the two raw bytes 0x11 0x12. JSON.stringify escapes U+0011 and U+0012 as `\u0011`/`\u0012`, and UTF-8
 * multi-byte sequences only use bytes ≥ 0x80, so the terminator can never occur inside an encoded frame.
 */
export const FRAME_TERMINATOR: Buffer = Buffer.from([0x11, 0x12]);

/** Encodes one object as a frame: compact JSON + 0x11 0x12. */
export function encodeFrame(obj: object): Buffer {
  const json = JSON.stringify(obj);
  // A programming error (an array, a Date, a value whose toJSON returns a primitive), not bad input.
  if (typeof json !== 'string' || !json.startsWith('{')) {
    throw new TypeError('encodeFrame needs an object that serialises to a JSON object');
  }
  const out = Buffer.allocUnsafe(Buffer.byteLength(json, 'utf8') + FRAME_TERMINATOR.length);
  const written = out.write(json, 0, 'utf8');
  FRAME_TERMINATOR.copy(out, written);
  return out;
}

/** Encodes several objects as back-to-back frames, as one TCP write would carry them. */
export function encodeFrames(objs: Iterable<object>): Buffer {
  const frames: Buffer[] = [];
  for (const obj of objs) frames.push(encodeFrame(obj));
  return Buffer.concat(frames);
}
