import { normalise, parseMessage } from '@board-bridge/board-protocol';
import { MARKER_FIELD, markerValue } from '../common/marker';

/**
 * The uplink traffic (board-protocol §2.3): SMS reports (501) with every `pingEvery`-th message a ping
 * (998). Message `seq` of a batch comes from board `seq % boards`, so each board sends its share in
 * order. Every message is distinct (dedup lets each one through) and carries the bench marker.
 */
export interface BatchPlan {
  batch: number;
  boards: number;
  /** Messages per board; the batch has boards × perBoard messages. */
  perBoard: number;
  pingEvery: number;
}

const SIM = { imsi: '46007337111234', iccId: '898607D3161990212345', msIsdn: '+8613206411822' };
/** A fixed board clock, so the same batch always makes the same bytes. */
const T0 = 1_800_000_000_000;

export function boardIds(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${tag}${String(i).padStart(5, '0')}`);
}

export function batchSize(p: BatchPlan): number {
  return p.boards * p.perBoard;
}

/** The `i`-th message of board number `board` (0-based) in the batch, and its sequence number. */
export function boardMessage(p: BatchPlan, devId: string, board: number, i: number): Record<string, unknown> {
  const seq = board + i * p.boards;
  const bseq = markerValue(p.batch, seq);
  if (seq % p.pingEvery === p.pingEvery - 1) {
    return { devId, type: 998, netCh: 0, cnt: p.batch * 10_000_000 + seq, [MARKER_FIELD]: bseq };
  }
  return { devId, type: 501, slot: 1 + (seq % 2), phNum: '10086', smsBd: `uplink bench ${bseq} 余额`, charset: 'utf8',
    smsTm: T0 + p.batch * 10_000_000 + seq, netCh: 0, ...SIM, [MARKER_FIELD]: bseq };
}

/** What the bridge publishes for a message: the event topic and its envelope (the baselines send the same). */
export function eventPublication(base: string, msg: Record<string, unknown>, receivedAt: Date): { topic: string; payload: Buffer } {
  const envelope = normalise(parseMessage(msg), { transport: 'tcp', receivedAt });
  return { topic: `${base}/${envelope.board}/event/${envelope.event}`, payload: Buffer.from(JSON.stringify(envelope)) };
}

/** The topics the counting subscriber listens on: exactly the measured events. */
export function eventFilters(base: string): string[] {
  return [`${base}/+/event/sms_received`, `${base}/+/event/ping`];
}
