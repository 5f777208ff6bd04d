import { FifoQueue } from './fifo-queue';

describe('FifoQueue (the spool queue)', () => {
  it('gives items back in the order they came, and undefined when empty', () => {
    const q = new FifoQueue<number>();
    [1, 2, 3].forEach((n) => q.push(n));
    expect([q.shift(), q.shift(), q.length, q.shift(), q.shift(), q.length]).toEqual([1, 2, 1, 3, undefined, 0]);
  });

  it('keeps order across compactions while items come and go', () => {
    const q = new FifoQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      q.push(i);
      if (i % 3 !== 0) out.push(q.shift() as number);
    }
    while (q.length) out.push(q.shift() as number);
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('puts items back at the front in their order, and iterates what is queued', () => {
    const q = new FifoQueue<string>();
    ['c', 'd'].forEach((s) => q.push(s));
    q.shift();
    q.unshift('a', 'b');
    expect([...q]).toEqual(['a', 'b', 'd']);
    expect(q.length).toBe(3);
  });
});
