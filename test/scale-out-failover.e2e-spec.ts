import { BridgeCluster, CLUSTER_MODES, eventually, sleep, within } from './helpers/cluster';

/** `stat`: answered at once with data, matched by tid, and not costly (no cost guard counts it). */
const LIFECYCLE = ['sent', 'acknowledged'];

/**
 * Instances that die or stall (bridge-contract §2 `instance-lost`, §4 fencing and the offline queue), with
 * three real bridge processes: A holds the board, B takes it over, C (the observer's broker) stays.
 */
describe.each(CLUSTER_MODES)('instance failures (%s)', (_label, mode) => {
  let c: BridgeCluster | undefined;

  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('kill -9 of the holder: commands wait, a survivor publishes instance-lost, the board gets them in order on B', async () => {
    const k = (c = await BridgeCluster.start(mode));
    const id = '498060900031';
    const onA = k.board(id, 'A');
    await k.attach(onA, 0);
    await k.nodes[0].kill();
    await within(onA.closed, 'the board sees its connection to A end');
    // A's owner record outlives it until a survivor notices: this one is handed off to A (or queued)
    const first = await k.send(1, id, 'stat', { ttl: 30 });
    await eventually(() => k.availability(id).some((m) => m.json().reason === 'instance-lost'), 'instance-lost', 8000);
    const lost = k.availability(id).find((m) => m.json().reason === 'instance-lost')?.json();
    expect(lost).toMatchObject({ state: 'offline', reason: 'instance-lost' });
    expect([k.instanceId(1), k.instanceId(2)]).toContain(lost?.instance);
    const retained = await k.retainedAvailability(id);
    expect(retained.retain).toBe(true);
    expect(retained.json()).toMatchObject({ state: 'offline', reason: 'instance-lost' });
    // now nobody holds the board: queued, each accepted before the next is published
    const second = await k.send(2, id, 'stat', { ttl: 30 });
    expect(await k.observer.reply(second, 'queued')).toMatchObject({ final: false, data: { ttl: 30 } });
    const third = await k.send(1, id, 'stat', { ttl: 30 });
    await k.observer.reply(third, 'queued');
    expect(k.replies(first).every((r) => r.status === 'queued')).toBe(true);
    expect(k.frames).toEqual([]);

    const onB = k.board(id, 'B');
    await k.connect(onB, 1);
    expect(await k.lifecycle(first)).toEqual(k.replies(first)[0].status === 'queued' ? ['queued', ...LIFECYCLE] : LIFECYCLE);
    for (const later of [second, third]) expect(await k.lifecycle(later)).toEqual(['queued', ...LIFECYCLE]);
    const sent = [first, second, third].map((r) => k.replies(r).find((x) => x.status === 'sent'));
    expect(sent.map((s) => s?.instance)).toEqual(Array(3).fill(k.instanceId(1)));
    await sleep(300);
    expect(k.framesOf(id, 'B').map((f) => f.tid)).toEqual(sent.map((s) => s?.data?.tid));
    // B said `online` after the reconnect. Which retained availability ends up last is not asserted here: when
    // the survivor's `instance-lost` races B's `online` across brokers it can land last (a known limit,
    // recorded in the issue note, until availability carries the ownership epoch).
    expect(k.availability(id).some((m) => m.json().state === 'online' && m.json().instance === k.instanceId(1))).toBe(true);
  }, 30_000);

  it('a stale session on a frozen instance cannot write once it thaws; the new one gets each command once', async () => {
    const k = (c = await BridgeCluster.start(mode));
    const id = '498060900041';
    const stale = k.board(id, 'A-stale');
    await k.attach(stale, 0);
    await Promise.all([0, 1, 2].map((node) => k.connectPublisher(node)));
    k.nodes[0].freeze();
    try {
      const fresh = k.board(id, 'B');
      await k.attach(fresh, 1);
      // longer than INSTANCE_TTL_MS: the survivors also judge A lost meanwhile (it holds no board by then)
      await sleep(2000);
    } finally {
      k.nodes[0].thaw();
    }
    // at once, so A may see commands before the 'drop' that B's claim left on its channel
    const requestIds = await Promise.all([0, 1, 2, 0, 1, 2].map((node) => k.send(node, id, 'stat')));
    for (const r of requestIds) expect(await k.lifecycle(r)).toEqual(LIFECYCLE);
    await within(stale.closed, 'A closes the stale connection');
    await sleep(400);
    expect(k.framesOf(id, 'A-stale')).toEqual([]);
    for (const r of requestIds) {
      expect(k.replies(r).map((x) => x.status)).toEqual(LIFECYCLE);
      const sent = k.replies(r).find((x) => x.status === 'sent');
      expect(sent?.instance).toBe(k.instanceId(1));
      expect(k.framesOf(id, 'B').filter((f) => f.tid === sent?.data?.tid)).toHaveLength(1);
    }
    expect(k.framesOf(id, 'B')).toHaveLength(requestIds.length);
    // A says nothing about the board it lost (taken over, not offline); B's online is the last word
    const states = k.availability(id).map((m) => m.json());
    expect(states.filter((a) => a.state === 'offline' && a.instance === k.instanceId(0))).toEqual([]);
    expect(states.at(-1)).toMatchObject({ state: 'online', instance: k.instanceId(1) });
    expect((await k.retainedAvailability(id)).json()).toMatchObject({ state: 'online', instance: k.instanceId(1) });
  }, 30_000);
});
