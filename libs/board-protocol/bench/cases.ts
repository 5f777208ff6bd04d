import { FrameDecoder, normalise, parseMessage } from '@board-bridge/board-protocol';

/**
 * What one pass over the workload returns. `sink` folds in something from every result so the JIT
 * cannot drop work whose output is never used; `frames` is what the correctness check compares.
 */
export interface PassResult {
  frames: number;
  sink: number;
}

/** A timed case: one full pass over the workload. */
export interface BenchCase {
  key: 'pipeline' | 'decodeOnly' | 'jsonParse';
  label: string;
  run: () => PassResult;
}

/** What the bridge does per TCP read: split frames, type them, build the MQTT envelope. */
export function pipelinePass(chunks: readonly Buffer[]): PassResult {
  const decoder = new FrameDecoder();
  let frames = 0;
  let sink = 0;
  for (const chunk of chunks) {
    // One receive time per read, as the socket handler stamps it (not one clock call per frame).
    const ctx = { transport: 'tcp' as const, receivedAt: new Date() };
    for (const result of decoder.push(chunk)) {
      if (!result.ok) throw result.error;
      const envelope = normalise(parseMessage(result.value), ctx);
      sink += envelope.eventId.length;
      frames += 1;
    }
  }
  assertDrained(decoder);
  return { frames, sink };
}

/** FrameDecoder alone (terminator search, buffering across reads, UTF-8 check, JSON.parse). */
export function decodePass(chunks: readonly Buffer[]): PassResult {
  const decoder = new FrameDecoder();
  let frames = 0;
  let sink = 0;
  for (const chunk of chunks) {
    for (const result of decoder.push(chunk)) {
      if (!result.ok) throw result.error;
      sink += result.size;
      frames += 1;
    }
  }
  assertDrained(decoder);
  return { frames, sink };
}

/** The floor: JSON.parse on frame texts already split and already strings, so no framing or UTF-8 work. */
export function jsonParsePass(texts: readonly string[]): PassResult {
  let frames = 0;
  let sink = 0;
  for (const text of texts) {
    const value = JSON.parse(text) as { type?: unknown };
    if (typeof value.type === 'number') sink += value.type;
    frames += 1;
  }
  return { frames, sink };
}

/** A stream that ends on a frame boundary must leave nothing buffered; anything left is a lost frame. */
function assertDrained(decoder: FrameDecoder): void {
  if (decoder.bufferedBytes !== 0) {
    throw new Error(`decoder still holds ${decoder.bufferedBytes} bytes after the last read`);
  }
}

/** Per-type counts of the envelopes the pipeline builds, to check the whole mix survives (untimed). */
export function pipelineTypeCounts(chunks: readonly Buffer[]): Record<string, number> {
  const decoder = new FrameDecoder();
  const counts: Record<string, number> = {};
  const ctx = { transport: 'tcp' as const, receivedAt: new Date() };
  for (const chunk of chunks) {
    for (const result of decoder.push(chunk)) {
      if (!result.ok) throw result.error;
      const { type } = normalise(parseMessage(result.value), ctx);
      counts[type] = (counts[type] ?? 0) + 1;
    }
  }
  return counts;
}
