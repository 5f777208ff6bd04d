import type { EventEnvelope } from '@board-bridge/board-protocol';
import { ForwardQueueFullError } from '../forwarding-errors';
import type { Lane } from '../forwarding-types';
import { MemoryLaneStore } from './memory-lane-store';

const envelope = (n: number) => ({ eventId: `e${n}`, board: 'b' }) as EventEnvelope;
const lane = (id: string) => ({ id }) as Lane;
const info = { reason: 'r', fault: 'unavailable', attempts: 1, target: 't', at: 0 };

describe('MemoryLaneStore', () => {
  it('queues in order, turns the round-robin cursor, and counts depth until done', async () => {
    const s = new MemoryLaneStore(10, 10);
    await s.enqueue('rr', true, [lane('rr')], envelope(1), 0);
    await s.enqueue('rr', true, [lane('rr')], envelope(2), 0);
    const read = await s.read('rr', 5);
    expect(read.map((e) => [e.job.envelope.eventId, e.job.seq])).toEqual([['e1', 1], ['e2', 2]]);
    expect(await s.depth('rr')).toBe(2);
    await s.ack('rr', read[0].id);
    expect(await s.depth('rr')).toBe(1);
    expect((await s.claimOrphans('rr')).map((e) => e.id)).toEqual([read[1].id]);
  });

  it('is bounded over all lanes: a message that does not fit is refused whole', async () => {
    const s = new MemoryLaneStore(3, 10);
    await s.enqueue('bc', false, [lane('bc/a'), lane('bc/b')], envelope(1), 0);
    await expect(s.enqueue('bc', false, [lane('bc/a'), lane('bc/b')], envelope(2), 0)).rejects.toBeInstanceOf(ForwardQueueFullError);
    expect(await s.depth('bc/a')).toBe(1);
  });

  it('keeps the newest dead letters and replays them into lanes that still exist', async () => {
    const s = new MemoryLaneStore(10, 2);
    for (let n = 1; n <= 3; n++) {
      await s.enqueue('r', false, [lane('r/t')], envelope(n), 0);
      const [e] = await s.read('r/t', 1);
      await s.deadLetter('r/t', e, info);
    }
    const dead = await s.listDeadLetters(10);
    expect(dead.map((d) => d.job.envelope.eventId)).toEqual(['e3', 'e2']);
    expect(await s.replay([dead[0].id, 'x'], new Set(['r/t']))).toEqual({ replayed: [dead[0].id], skipped: [{ id: 'x', reason: 'no such dead letter' }] });
    expect(await s.replay(undefined, new Set())).toEqual({ replayed: [], skipped: [{ id: dead[1].id, reason: 'lane r/t is not configured' }] });
    expect((await s.read('r/t', 5)).map((e) => e.job.envelope.eventId)).toEqual(['e3']);
  });
});
