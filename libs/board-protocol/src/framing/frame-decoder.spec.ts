import { FrameSyntaxError, FrameTooLargeError } from '../errors';
import { FrameDecoder, FrameResult } from './frame-decoder';
import { encodeFrame, encodeFrames } from './frame-encoder';
import { DOC_STREAM, MSG_100, MSG_501, MSG_998, MSG_999 } from './testing/doc-examples';

const T = Buffer.from([0x11, 0x12]);
const raw = (text: string): Buffer => Buffer.from(text, 'utf8');
const values = (results: FrameResult[]): unknown[] => results.map((r) => (r.ok ? r.value : r.error.kind));
const syntaxError = (result: FrameResult): FrameSyntaxError | undefined =>
  !result.ok && result.error instanceof FrameSyntaxError ? result.error : undefined;

function feed(decoder: FrameDecoder, chunks: Buffer[]): FrameResult[] {
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

describe('FrameDecoder', () => {
  const stream = encodeFrames(DOC_STREAM);

  it('decodes the §2.3 example stream fed in one chunk', () => {
    const results = new FrameDecoder().push(stream);
    expect(values(results)).toEqual(DOC_STREAM);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('gives identical results when the stream is split in two at every byte offset', () => {
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const decoder = new FrameDecoder();
      const results = feed(decoder, [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(values(results)).toEqual(DOC_STREAM);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('gives identical results when fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const bytes = Array.from(stream, (b) => Buffer.from([b]));
    expect(values(feed(decoder, bytes))).toEqual(DOC_STREAM);
  });

  it('reports the frame size without the terminator, counting UTF-8 bytes of the Chinese SMS text', () => {
    const [result] = new FrameDecoder().push(encodeFrame(MSG_501));
    expect(result).toEqual({ ok: true, value: MSG_501, size: Buffer.byteLength(JSON.stringify(MSG_501)) });
  });

  it('decodes several frames in one chunk and keeps the unfinished rest', () => {
    const decoder = new FrameDecoder();
    const partial = encodeFrame(MSG_998).subarray(0, 10);
    const results = decoder.push(Buffer.concat([encodeFrames([MSG_100, MSG_999]), partial]));
    expect(values(results)).toEqual([MSG_100, MSG_999]);
    expect(decoder.bufferedBytes).toBe(10);
    expect(values(decoder.push(encodeFrame(MSG_998).subarray(10)))).toEqual([MSG_998]);
  });

  it('joins a terminator split across chunks (0x11 ending one chunk, 0x12 starting the next)', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(MSG_100);
    expect(decoder.push(frame.subarray(0, frame.length - 1))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(frame.length - 1);
    expect(values(decoder.push(Buffer.from([0x12])))).toEqual([MSG_100]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('skips empty and whitespace-only frames silently', () => {
    const input = Buffer.concat([T, T, raw(' \r\n\t'), T, encodeFrame(MSG_998), raw('\r\n'), T]);
    expect(values(new FrameDecoder().push(input))).toEqual([MSG_998]);
  });

  it('does not split a frame at a lone 0x11 that is not followed by 0x12', () => {
    const frame = Buffer.concat([raw('{"a":"x'), Buffer.from([0x11]), raw('y","b":1}'), T, encodeFrame(MSG_998)]);
    const results = new FrameDecoder().push(frame);
    // JSON forbids a raw U+0011, so the frame is one piece of garbage (not two), and the next frame survives.
    expect(values(results)).toEqual(['frame-syntax', MSG_998]);
    expect(syntaxError(results[0])?.excerpt).toBe('{"a":"x.y","b":1}');
  });

  it('keeps a lone 0x11 held at a chunk end as content when the next chunk does not start with 0x12', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.concat([raw('{"a":1}'), Buffer.from([0x11])]))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(8);
    const results = decoder.push(Buffer.concat([raw(' '), T, encodeFrame(MSG_998)]));
    expect(syntaxError(results[0])?.excerpt).toBe('{"a":1}. ');
    expect(values(results.slice(1))).toEqual([MSG_998]);
  });

  it('reports an oversized frame once, discards it up to the next terminator, then decodes the next frame', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 100 });
    const big = encodeFrame({ devId: 'x', type: 501, smsBd: 'y'.repeat(300) });
    const results = feed(decoder, [big.subarray(0, 60), big.subarray(60, 200), big.subarray(200), encodeFrame(MSG_998)]);
    expect(results).toHaveLength(2);
    const [tooLarge, good] = results;
    expect(!tooLarge.ok && tooLarge.error).toBeInstanceOf(FrameTooLargeError);
    expect(!tooLarge.ok && (tooLarge.error as FrameTooLargeError).limit).toBe(100);
    expect(values([good])).toEqual([MSG_998]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('checks the size cap before buffering more of a frame that never ends', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1000 });
    const errors = feed(decoder, Array.from({ length: 50 }, () => Buffer.alloc(100, 0x41)));
    expect(errors).toHaveLength(1);
    expect(!errors[0].ok && errors[0].error.kind).toBe('frame-too-large');
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('reports a complete oversized frame inside one chunk and decodes its neighbours', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 120 });
    const big = encodeFrame({ pad: 'z'.repeat(200) });
    const results = decoder.push(Buffer.concat([encodeFrame(MSG_998), big, encodeFrame(MSG_999)]));
    expect(values(results)).toEqual([MSG_998, 'frame-too-large', MSG_999]);
  });

  it('accepts a frame of exactly the limit even when its terminator is split across chunks', () => {
    const frame = encodeFrame(MSG_998);
    const decoder = new FrameDecoder({ maxFrameBytes: frame.length - 2 });
    const results = feed(decoder, [frame.subarray(0, frame.length - 1), frame.subarray(frame.length - 1)]);
    expect(values(results)).toEqual([MSG_998]);
  });

  it('reports garbage between good frames and carries on', () => {
    const garbage = [raw('not json'), raw('[1,2,3]'), raw('42'), Buffer.from([0xff, 0xfe, 0x7b]), raw('{"a":')];
    const input = Buffer.concat([encodeFrame(MSG_100), ...garbage.flatMap((g) => [g, T]), encodeFrame(MSG_998)]);
    const results = new FrameDecoder().push(input);
    expect(values(results)).toEqual([MSG_100, ...garbage.map(() => 'frame-syntax'), MSG_998]);
  });

  it('gives a garbage frame a short printable excerpt', () => {
    const junk = Buffer.concat([Buffer.from([0x00, 0x01]), raw('垃圾'.repeat(100))]);
    const [result] = new FrameDecoder().push(Buffer.concat([junk, T]));
    const error = syntaxError(result);
    expect(error).toBeInstanceOf(FrameSyntaxError);
    expect(Array.from(error?.excerpt ?? '')).toHaveLength(64);
    expect(error?.excerpt.startsWith('..垃圾')).toBe(true);
  });

  it('forgets an unfinished frame on reset', () => {
    const decoder = new FrameDecoder();
    decoder.push(raw('{"devId":"1",'));
    decoder.push(Buffer.from([0x11]));
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
    // Neither the partial frame nor the held 0x11 leaks into the next frame.
    expect(values(decoder.push(encodeFrame(MSG_998)))).toEqual([MSG_998]);
  });

  it('does not keep a reference to a read buffer the caller reuses', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(MSG_998);
    const readBuffer = Buffer.from(frame.subarray(0, 12));
    decoder.push(readBuffer);
    readBuffer.fill(0x20);
    expect(values(decoder.push(frame.subarray(12)))).toEqual([MSG_998]);
  });

  it('refuses a non-positive size cap', () => {
    expect(() => new FrameDecoder({ maxFrameBytes: 0 })).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxFrameBytes: 1.5 })).toThrow(RangeError);
  });
});
