import { encodeFrame } from '@board-bridge/board-protocol';
import { call601, call603, online100, ping998, sim204, sms501, smsSent502 } from '../src/testing/fixtures';

/**
 * The bytes one board connection delivers: a seeded, realistic mix of frames, the same stream cut
 * into TCP-sized reads, and the frames' JSON texts pre-split for the JSON.parse baseline.
 */
export interface Workload {
  /** Reads as a socket would hand them over; frame boundaries fall anywhere inside them. */
  chunks: Buffer[];
  /** One JSON text per frame, terminator already removed: the cheapest possible input. */
  texts: string[];
  /** Frames of each board message type, to show the mix actually generated. */
  mix: Record<string, number>;
  streamBytes: number;
}

/** Typical Ethernet MSS; a busy board's TCP stream arrives in reads of about this size. */
const MSS = 1460;

/** Cumulative weights: 45% SMS, 45% ping, and 10% of the session, SIM, sent-SMS and call traffic. */
const MIX: readonly (readonly [upTo: number, type: number])[] = [
  [0.45, 501], [0.9, 998], [0.925, 100], [0.95, 204], [0.975, 502], [0.9875, 601], [1, 603],
];

const SMS_TEXTS = [
  '您的话费余额是100元。【中国移动】',
  '【招商银行】您的验证码为482913，5分钟内有效，请勿泄露给他人。',
  '您好，您的快递已到达小区驿站，取件码 7-3-2109，请于今日18:00前领取。',
  '[京东] 订单 29384756 已发货，预计明天送达。',
  '明天下午三点开会，地点在三楼会议室，请准时参加，谢谢！',
  'OK',
];
const PHONES = ['10086', '10010', '95555', '+8613800138000', '+8618612345678', '106912345678901'];

/** mulberry32: tiny, fast and seedable, so every run and every machine times the same stream. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)];

function pickType(rnd: () => number): number {
  const r = rnd();
  return (MIX.find(([upTo]) => r < upTo) ?? MIX[MIX.length - 1])[1];
}

/** Per-stream state, so timestamps rise and ping counters count as on a real board. */
interface StreamState {
  rnd: () => number;
  clockMs: number;
  pings: number;
  tids: number;
}

/** One board message of `type`; fields that vary in real traffic vary here, so no two SMS are alike. */
function boardMessage(type: number, s: StreamState): Record<string, unknown> {
  s.clockMs += 1 + Math.floor(s.rnd() * 4000);
  const slot = s.rnd() < 0.5 ? 1 : 2;
  switch (type) {
    case 501:
      return { ...sms501.raw, slot, phNum: pick(PHONES, s.rnd), smsBd: pick(SMS_TEXTS, s.rnd), smsTm: s.clockMs };
    case 998:
      return { ...ping998.raw, cnt: (s.pings += 1) };
    case 100:
      return { ...online100.raw, dbm: 40 + Math.floor(s.rnd() * 40) };
    case 204:
      return { ...sim204.raw, slot };
    case 502:
      return { ...smsSent502.raw, slot, tid: String(1_700_000_000 + (s.tids += 1)) };
    default:
      return callMessage(type, s, slot);
  }
}

/** 601 / 603: call times are in seconds on the board (§2.3), unlike smsTm. */
function callMessage(type: number, s: StreamState, slot: number): Record<string, unknown> {
  const startTm = Math.floor(s.clockMs / 1000);
  const base = type === 601 ? call601.raw : call603.raw;
  const call = { ...base, slot, phNum: pick(PHONES, s.rnd), startTm };
  return type === 603 ? { ...call, endTm: startTm + 5 + Math.floor(s.rnd() * 300) } : call;
}

/**
 * Cuts the stream into reads of one MSS, with one read in five shorter (a partial segment or a read that
 * raced the sender), so frames and even the 0x11 0x12 terminator are split at arbitrary offsets.
 */
function cutLikeTcp(stream: Buffer, rnd: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < stream.length;) {
    const size = rnd() < 0.8 ? MSS : 1 + Math.floor(rnd() * MSS);
    // Views, not copies: the decoder itself copies whatever it must keep across reads.
    chunks.push(stream.subarray(start, start + size));
    start += size;
  }
  return chunks;
}

/** Generates `frames` messages from `seed`, encodes them as one TCP stream and cuts it into reads. */
export function buildWorkload(frames: number, seed: number): Workload {
  const state: StreamState = { rnd: seededRandom(seed), clockMs: 1_714_521_600_000, pings: 0, tids: 0 };
  const encoded: Buffer[] = [];
  const texts: string[] = [];
  const mix: Record<string, number> = {};
  for (let i = 0; i < frames; i += 1) {
    const type = pickType(state.rnd);
    const msg = boardMessage(type, state);
    encoded.push(encodeFrame(msg));
    // encodeFrame writes exactly JSON.stringify's text, so both sides of the comparison parse the same.
    texts.push(JSON.stringify(msg));
    mix[type] = (mix[type] ?? 0) + 1;
  }
  const stream = Buffer.concat(encoded);
  return { chunks: cutLikeTcp(stream, state.rnd), texts, mix, streamBytes: stream.length };
}
