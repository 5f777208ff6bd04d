import fc from 'fast-check';
import { FrameSyntaxError, FrameTooLargeError } from '../errors';
import {
  deepJson, hostileJsonObject, hostileText, invalidUtf8, MEGABYTE, POLLUTING_JSON, prototypesIntact,
} from '../testing/hostile';
import { EXCERPT_MAX_CHARS } from './excerpt';
import { FrameDecoder, type FrameResult } from './frame-decoder';
import { FRAME_TERMINATOR } from './frame-encoder';
import { parseJsonObject, parseJsonValue } from './json-object';
import { chunked } from '../testing/chunks';

/**
 * issue 6 "Fuzzing", frame decoder (board-protocol §1.4): whatever a socket sends, `push` returns frames
 * or typed errors, never throws, never buffers more than the cap, and never pollutes a prototype.
 * frame-decoder.property.spec.ts covers chunking invariance and resynchronisation; this adds hostile content.
 */

const RUNS = 150;
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\ufffd]/u;

/** One piece of a hostile stream: garbage, terminators, or frames with hostile JSON inside. */
const piece: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.constant(FRAME_TERMINATOR),
  fc.constantFrom(Buffer.from([0x11]), Buffer.from([0x12]), Buffer.from([0x00]), Buffer.from('\r\n')),
  invalidUtf8,
  hostileJsonObject().map((t) => Buffer.from(t, 'utf8')),
  fc.constantFrom(...POLLUTING_JSON).map((t) => Buffer.from(t)),
  deepJson.map((t) => Buffer.from(t)),
  hostileText.map((t) => Buffer.from(JSON.stringify({ devId: t, type: 998 }))),
);
const stream = fc.array(piece, { maxLength: 12 }).map((parts) => Buffer.concat(parts));


function countTerminators(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(FRAME_TERMINATOR); at !== -1; at = bytes.indexOf(FRAME_TERMINATOR, at + 2)) n++;
  return n;
}

function expectTyped(result: FrameResult, max: number): void {
  if (result.ok) {
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.size).toBeLessThanOrEqual(max);
    return;
  }
  expect(result.error instanceof FrameTooLargeError || result.error instanceof FrameSyntaxError).toBe(true);
  if (result.error instanceof FrameSyntaxError) {
    expect([...result.error.excerpt].length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
    expect(result.error.excerpt).not.toMatch(UNPRINTABLE);
  }
}

describe('FrameDecoder on hostile streams (fuzz)', () => {
  it('returns only frames or typed errors, stays within its cap, and leaves prototypes alone', () => {
    fc.assert(fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), fc.integer({ min: 1, max: 4096 }),
      (bytes, cuts, max) => {
        const decoder = new FrameDecoder({ maxFrameBytes: max });
        let results = 0;
        for (const chunk of chunked(bytes, cuts)) {
          const out = decoder.push(chunk);
          results += out.length;
          for (const r of out) expectTyped(r, max);
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(max + 1);
        }
        // At most one result per terminator, plus the size error of an unfinished oversized frame.
        expect(results).toBeLessThanOrEqual(countTerminators(bytes) + 1);
        expect(prototypesIntact()).toBe(true);
      }), { numRuns: RUNS });
  });

  it('keeps __proto__, constructor and prototype as own keys of the frame, never as its prototype', () => {
    fc.assert(fc.property(fc.constantFrom(...POLLUTING_JSON), (json) => {
      const [r] = new FrameDecoder().push(Buffer.concat([Buffer.from(json), FRAME_TERMINATOR]));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(Object.keys(r.value).length).toBeGreaterThan(0);
      expect(prototypesIntact()).toBe(true);
    }));
  });

  it('rejects any frame holding invalid UTF-8 instead of decoding it lossily', () => {
    fc.assert(fc.property(invalidUtf8, fc.string({ maxLength: 20 }), fc.nat(), (bad, text, at) => {
      const json = Buffer.from(JSON.stringify({ devId: '1', type: 501, smsBd: text }));
      const pos = json.indexOf('"smsBd":"') + 9 + (at % (Buffer.byteLength(text) + 1));
      const frame = Buffer.concat([json.subarray(0, pos), bad, json.subarray(pos), FRAME_TERMINATOR]);
      const [r] = new FrameDecoder().push(frame);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBeInstanceOf(FrameSyntaxError);
    }), { numRuns: RUNS });
  });

  it('never buffers more than the cap of a huge unterminated frame, reports it once, then resynchronises', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 64, max: 65_536 }), (sizes, max) => {
        const decoder = new FrameDecoder({ maxFrameBytes: max });
        const errors: FrameResult[] = [];
        let offset = 0;
        for (const size of sizes) {
          const chunk = Buffer.from(MEGABYTE.slice(offset, offset + size));
          errors.push(...decoder.push(chunk));
          offset += chunk.length;
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(max);
        }
        expect(errors.length).toBe(offset > max ? 1 : 0);
        const after = decoder.push(Buffer.concat([FRAME_TERMINATOR, Buffer.from('{"devId":"1","type":998}'), FRAME_TERMINATOR]));
        expect(after.filter((r) => r.ok)).toHaveLength(1);
      }), { numRuns: 40 });
  });
});

describe('parseJsonValue / parseJsonObject on hostile text (fuzz)', () => {
  const text = fc.oneof(hostileText, deepJson, hostileJsonObject(), fc.constantFrom(...POLLUTING_JSON),
    fc.string({ unit: 'binary', maxLength: 200 }));

  it('throw nothing but FrameSyntaxError, for strings and for their UTF-8 bytes', () => {
    fc.assert(fc.property(text, (t) => {
      for (const input of [t, Buffer.from(t, 'utf8')]) {
        for (const parse of [parseJsonValue, parseJsonObject]) {
          try {
            parse(input);
          } catch (err) {
            expect(err).toBeInstanceOf(FrameSyntaxError);
          }
        }
      }
      expect(prototypesIntact()).toBe(true);
    }), { numRuns: RUNS });
  });
});
