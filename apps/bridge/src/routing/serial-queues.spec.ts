import { SerialQueues } from './serial-queues';

/** A promise settled from outside, to hold a task open while others are submitted. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('SerialQueues', () => {
  it('runs the work of one key in submission order, one at a time', async () => {
    const queues = new SerialQueues();
    const log: string[] = [];
    const first = deferred();
    const a = queues.run('board-1', async () => { log.push('a:start'); await first.promise; log.push('a:end'); });
    const b = queues.run('board-1', async () => { log.push('b'); });
    const c = queues.run('board-1', async () => { log.push('c'); });
    await flush();
    expect(log).toEqual(['a:start']);
    first.resolve();
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a:start', 'a:end', 'b', 'c']);
  });

  it('does not hold one key behind another', async () => {
    const queues = new SerialQueues();
    const log: string[] = [];
    const blocked = deferred();
    const slow = queues.run('board-1', async () => { await blocked.promise; log.push('board-1'); });
    await queues.run('board-2', async () => { log.push('board-2'); });
    expect(log).toEqual(['board-2']);
    blocked.resolve();
    await slow;
    expect(log).toEqual(['board-2', 'board-1']);
  });

  it('gives the caller the rejection of its own task and still runs the next one', async () => {
    const queues = new SerialQueues();
    const failing = deferred();
    const log: string[] = [];
    const a = queues.run('k', () => failing.promise);
    const b = queues.run('k', async () => { log.push('b'); });
    failing.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toBeUndefined();
    expect(log).toEqual(['b']);
  });

  it('runs the next task after one that throws synchronously', async () => {
    const queues = new SerialQueues();
    const a = queues.run('k', () => { throw new Error('sync boom'); });
    const b = queues.run('k', async () => undefined);
    await expect(a).rejects.toThrow('sync boom');
    await expect(b).resolves.toBeUndefined();
  });

  it('keeps the order for work submitted after the queue went idle', async () => {
    const queues = new SerialQueues();
    const log: number[] = [];
    await queues.run('k', async () => { log.push(1); });
    await flush();
    const held = deferred();
    const second = queues.run('k', async () => { await held.promise; log.push(2); });
    const third = queues.run('k', async () => { log.push(3); });
    held.resolve();
    await Promise.all([second, third]);
    expect(log).toEqual([1, 2, 3]);
  });

  it('forgets idle keys so a stream of distinct boards does not grow it', async () => {
    const queues = new SerialQueues();
    for (let i = 0; i < 50; i++) await queues.run(`board-${i}`, async () => undefined);
    await flush();
    expect((queues as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
