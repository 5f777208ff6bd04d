import { MemoryDedupStore } from './dedup-store';

describe('MemoryDedupStore', () => {
  it('reports the first sighting within the window and repeats after it', async () => {
    let now = 1_000;
    const store = new MemoryDedupStore(() => now);
    expect(await store.firstSeen('a', 10)).toBe(true);
    expect(await store.firstSeen('a', 10)).toBe(false);
    expect(await store.firstSeen('b', 10)).toBe(true);
    now += 10_001;
    expect(await store.firstSeen('a', 10)).toBe(true);
    expect(store.size).toBe(1);
  });

  it('stays bounded by evicting the oldest ids', async () => {
    const store = new MemoryDedupStore(() => 0, 3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.firstSeen(id, 60);
    expect(store.size).toBeLessThanOrEqual(4);
    expect(await store.firstSeen('e', 60)).toBe(false);
  });
});
