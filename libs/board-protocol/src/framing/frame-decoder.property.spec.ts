import fc from 'fast-check';
import { BoardProtocolError } from '../errors';
import { FrameDecoder, FrameResult } from './frame-decoder';
import { encodeFrame, encodeFrames } from './frame-encoder';
import { DOC_STREAM, MSG_998 } from './testing/doc-examples';
import { chunked } from '../testing/chunks';

const TERMINATOR = Buffer.from([0x11, 0x12]);
const RUNS = 200;

/** What a result means, independent of how the stream was chunked (sizes in errors may differ). */
const meaning = (r: FrameResult): unknown => (r.ok ? r.value : r.error.kind);


function decodeAll(decoder: FrameDecoder, chunks: Buffer[]): FrameResult[] {
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

function expectWellFormed(results: FrameResult[]): void {
  for (const r of results) {
    if (r.ok) expect(typeof r.value === 'object' && r.value !== null && !Array.isArray(r.value)).toBe(true);
    else expect(r.error).toBeInstanceOf(BoardProtocolError);
  }
}

type Mutation = { op: 'flip'; at: number; bit: number } | { op: 'cut'; at: number } | { op: 'insert'; at: number; bytes: readonly number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const), at: fc.nat(),
    bytes: fc.constantFrom([0x11, 0x12], [0x11], [0x12], [0x7b], [0x00, 0xff]),
  }),
);

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.op === 'flip' && at < out.length) out[at] ^= 1 << m.bit;
    if (m.op === 'cut') out = out.subarray(0, at);
    if (m.op === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
  }
  return out;
}

const message = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });

describe('FrameDecoder properties', () => {
  it('decodes any encoded objects identically however the stream is chunked', () => {
    fc.assert(fc.property(fc.array(message, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (objs, cuts) => {
      const expected = objs.map((o) => JSON.parse(JSON.stringify(o)));
      const results = decodeAll(new FrameDecoder(), chunked(encodeFrames(objs), cuts));
      expect(results.map(meaning)).toEqual(expected);
    }), { numRuns: RUNS });
  });

  it('never throws on random bytes, and chunking never changes what comes out', () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
    fc.assert(fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), (input, cuts) => {
      const whole = new FrameDecoder({ maxFrameBytes: 40 }).push(input);
      const split = decodeAll(new FrameDecoder({ maxFrameBytes: 40 }), chunked(input, cuts));
      expectWellFormed(whole);
      expect(split.map(meaning)).toEqual(whole.map(meaning));
    }), { numRuns: RUNS });
  });

  it('survives bit flips, truncation and inserted delimiters, and resynchronises on the next terminator', () => {
    const stream = encodeFrames(DOC_STREAM);
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }),
      (mutations, cuts) => {
        const decoder = new FrameDecoder({ maxFrameBytes: 200 });
        const results = decodeAll(decoder, chunked(mutate(stream, mutations), cuts));
        expectWellFormed(results);
        expect(decoder.bufferedBytes).toBeLessThanOrEqual(201);
        const after = decoder.push(Buffer.concat([TERMINATOR, encodeFrame(MSG_998)]));
        expect(after.map(meaning).at(-1)).toEqual(MSG_998);
      }), { numRuns: RUNS });
  });
});
