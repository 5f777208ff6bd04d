import { FrameDecoder } from './frame-decoder';
import { FRAME_TERMINATOR, encodeFrame, encodeFrames } from './frame-encoder';
import { DOC_STREAM, MSG_501, MSG_999 } from './testing/doc-examples';

describe('encodeFrame', () => {
  it('writes compact UTF-8 JSON followed by the raw bytes 0x11 0x12 (§1.4)', () => {
    const frame = encodeFrame(MSG_999);
    expect(frame.subarray(-2)).toEqual(Buffer.from([0x11, 0x12]));
    expect(frame.subarray(0, -2).toString('utf8')).toBe('{"code":0,"type":999,"netCh":0,"tid":"1234"}');
  });

  it('encodes Chinese text as UTF-8 bytes', () => {
    const frame = encodeFrame(MSG_501);
    expect(frame.length).toBe(Buffer.byteLength(JSON.stringify(MSG_501), 'utf8') + 2);
    expect(frame.includes(Buffer.from('【中国移动】', 'utf8'))).toBe(true);
  });

  it('escapes U+0011 U+0012 in values, so a value can never end a frame early', () => {
    const frame = encodeFrame({ smsBd: 'a\u0011\u0012b' });
    expect(frame.indexOf(FRAME_TERMINATOR)).toBe(frame.length - 2);
    expect(new FrameDecoder().push(frame)).toEqual([{ ok: true, value: { smsBd: 'a\u0011\u0012b' }, size: frame.length - 2 }]);
  });

  it('refuses values that do not serialise to a JSON object', () => {
    expect(() => encodeFrame([1, 2])).toThrow(TypeError);
    expect(() => encodeFrame({ toJSON: () => 5 })).toThrow(TypeError);
  });
});

describe('encodeFrames', () => {
  it('concatenates frames that decode back to the same objects', () => {
    const stream = encodeFrames(DOC_STREAM);
    expect(stream).toEqual(Buffer.concat(DOC_STREAM.map((m) => encodeFrame(m))));
    expect(new FrameDecoder().push(stream).map((r) => r.ok && r.value)).toEqual(DOC_STREAM);
  });

  it('encodes nothing as an empty buffer', () => {
    expect(encodeFrames([])).toHaveLength(0);
  });
});
