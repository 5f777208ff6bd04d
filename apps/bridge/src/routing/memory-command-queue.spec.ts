import { MemoryCommandQueue } from './memory-command-queue';
import type { QueuedCommand } from './routing-ports';

const item = (board: string, requestId: string, deadline: number): QueuedCommand => ({
  kind: 'offline', deadline,
  request: { requestId, board, cmd: 'stat', positional: [], ttlSec: 60, acceptedAt: 0, origin: 'mqtt' },
});
const ids = (items: QueuedCommand[]) => items.map((i) => i.request.requestId);

describe('MemoryCommandQueue', () => {
  it('splits a take into ready and expired by the deadline, keeping order', async () => {
    const q = new MemoryCommandQueue({ now: () => 500 });
    for (const [id, deadline] of [['a', 400], ['b', 600], ['c', 499], ['d', 500]] as const) await q.push(item('x', id, deadline));
    const got = await q.take('x', { instance: 'any', epoch: 1 });
    expect(ids(got.ready)).toEqual(['b', 'd']);
    expect(ids(got.expired)).toEqual(['a', 'c']);
  });

  it('takes nothing through a fence the ownership does not hold', async () => {
    const q = new MemoryCommandQueue({ holds: (_b, epoch) => epoch === 2 });
    await q.push(item('x', 'a', Number.MAX_SAFE_INTEGER));
    expect(await q.take('x', { instance: 'solo', epoch: 1 })).toEqual({ ready: [], expired: [] });
    expect(ids((await q.take('x', { instance: 'solo', epoch: 2 })).ready)).toEqual(['a']);
  });

  it('returns expired items across boards, earliest first, up to the limit, once', async () => {
    const q = new MemoryCommandQueue({ now: () => 50 });
    await q.push(item('x', 'x1', 30));
    await q.push(item('y', 'y1', 10));
    await q.push(item('x', 'x2', 20));
    await q.push(item('y', 'y2', 99));
    expect(ids(await q.takeExpired(50, 2))).toEqual(['y1', 'x2']);
    expect(ids(await q.takeExpired(50))).toEqual(['x1']);
    expect(await q.takeExpired(50)).toEqual([]);
    expect(ids((await q.take('y', { instance: 'solo', epoch: 1 })).ready)).toEqual(['y2']);
  });

  it('hands out copies, so a caller changing an item changes nothing queued', async () => {
    const q = new MemoryCommandQueue();
    const original = item('x', 'a', Number.MAX_SAFE_INTEGER);
    await q.push(original);
    original.request.cmd = 'restart';
    expect((await q.take('x', { instance: 'solo', epoch: 1 })).ready[0].request.cmd).toBe('stat');
  });
});
