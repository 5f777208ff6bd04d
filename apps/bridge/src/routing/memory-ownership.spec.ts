import { MemoryOwnership } from './memory-ownership';

describe('MemoryOwnership', () => {
  let now = 1_000;
  const ownership = () => new MemoryOwnership('solo', { leaseMs: 100, now: () => now });

  beforeEach(() => { now = 1_000; });

  it('records this instance with a growing epoch and the claim time', async () => {
    const o = ownership();
    expect(await o.claim('b')).toBe(1);
    now = 1_050;
    expect(await o.claim('b')).toBe(2);
    expect(await o.owner('b')).toEqual({ instance: 'solo', epoch: 2, since: 1_050 });
  });

  it('lets the lease run out unless renewed, as Redis PX does', async () => {
    const o = ownership();
    const epoch = await o.claim('b');
    now = 1_090;
    expect(await o.renew('b', epoch)).toBe(true);
    now = 1_180;
    expect(await o.isCurrent('b', epoch)).toBe(true);
    now = 1_190;
    expect(await o.owner('b')).toBeNull();
    expect(await o.renew('b', epoch)).toBe(false);
    expect(await o.claim('b')).toBe(epoch + 1);
  });

  it('keeps a newer record when an older epoch is released', async () => {
    const o = ownership();
    const old = await o.claim('b');
    const current = await o.claim('b');
    await o.release('b', old);
    expect(o.holds('b', current)).toBe(true);
    await o.release('b', current);
    expect(o.holds('b', current)).toBe(false);
  });
});
