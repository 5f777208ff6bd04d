import type { DeadLetter, DeadLetterInfo, ForwardJob, LaneEntry } from '../forwarding-types';

/** One stream entry as Redis returns it: id and a flat field/value list (null for a deleted entry). */
export type StreamEntry = [string, string[]] | null;

function fields(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]] = list[i + 1];
  return out;
}

/** Lane entries are written only by this bridge (seq, job JSON); a parse error here is a bug, not input. */
export function decodeEntry(lane: string, entry: [string, string[]]): LaneEntry {
  const f = fields(entry[1]);
  const job = JSON.parse(f.job) as Omit<ForwardJob, 'seq' | 'lane'>;
  return { id: entry[0], job: { ...job, lane, seq: Number(f.seq ?? 0) } };
}

export function decodeDead(entry: [string, string[]]): DeadLetter {
  const f = fields(entry[1]);
  const job = JSON.parse(f.job) as Omit<ForwardJob, 'seq' | 'lane'>;
  return { id: entry[0], lane: f.lane, job: { ...job, lane: f.lane, seq: Number(f.seq ?? 0) },
    info: JSON.parse(f.info) as DeadLetterInfo };
}
