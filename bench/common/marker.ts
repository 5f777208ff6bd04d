/**
 * Every measured board message carries a marker field, `"bseq":"B<batch>.<seq>"`, which survives into the
 * event envelope (in `raw`) and into the baselines' payloads, so a subscriber can count each event exactly
 * once without parsing JSON: a byte search, the same work for the bridge's events and the baseline's.
 */
export const MARKER_FIELD = 'bseq';

const NEEDLE = Buffer.from(`"${MARKER_FIELD}":"B`);
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

export function markerValue(batch: number, seq: number): string {
  return `B${batch}.${seq}`;
}

export interface Marker {
  batch: number;
  seq: number;
}

/** Reads the decimal digits at `at`; returns the value and where they end. */
function digits(buf: Buffer, at: number): { value: number; end: number } {
  let value = 0;
  let i = at;
  while (i < buf.length && buf[i] >= ZERO && buf[i] <= NINE) value = value * 10 + (buf[i++] - ZERO);
  return { value, end: i };
}

/** The marker of a payload, or null when it carries none. */
export function findMarker(payload: Buffer): Marker | null {
  const at = payload.indexOf(NEEDLE);
  if (at < 0) return null;
  const batch = digits(payload, at + NEEDLE.length);
  if (batch.end === at + NEEDLE.length || payload[batch.end] !== DOT) return null;
  const seq = digits(payload, batch.end + 1);
  return seq.end === batch.end + 1 ? null : { batch: batch.value, seq: seq.value };
}
