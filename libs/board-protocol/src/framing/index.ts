export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder } from './frame-decoder';
export type { FrameDecoderOptions, FrameResult } from './frame-decoder';
export { FRAME_TERMINATOR, encodeFrame, encodeFrames } from './frame-encoder';
export { describeJsonValue, isPlainJsonObject, parseJsonObject, parseJsonValue } from './json-object';
export { EXCERPT_MAX_CHARS, printableExcerpt } from './excerpt';
