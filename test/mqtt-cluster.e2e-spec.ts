import Redis from 'ioredis';
import { testServices } from './setup/services';
import { ClientPool, HandlerProbe, nextMessage, uniquePrefix } from './mqtt-gateway.helpers';
import { TestCluster, urlOf } from './mqtt-cluster.helpers';
import { settle, waitFor } from './mqtt-shared.helpers';

/** Two (or three) embedded aedes nodes sharing the suite's Redis: aedes-persistence-redis + mqemitter-redis. */
describe('embedded aedes gateway clustered through Redis', () => {
  const { redisUrl } = testServices();
  const pool = new ClientPool();
  let cluster: TestCluster;
  let prefix: string;

  beforeEach(() => {
    cluster = new TestCluster(redisUrl);
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    await pool.closeAll();
    await cluster.stop();
  });

  it("a subscriber on node A gets node B's own publish() and a client's publication on B", async () => {
    const [a, b] = [await cluster.node('a'), await cluster.node('b')];
    expect(a.connected && b.connected).toBe(true);
    const sub = await pool.connect(urlOf(a), { protocolVersion: 4 });
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });

    let arriving = nextMessage(sub, `${prefix}/42/event/ping`);
    await b.publish(`${prefix}/42/event/ping`, 'from bridge B', { qos: 1 });
    expect((await arriving).payload).toBe('from bridge B');

    const user = await pool.connect(urlOf(b), { protocolVersion: 4 });
    arriving = nextMessage(sub, `${prefix}/42/other`);
    await user.publishAsync(`${prefix}/42/other`, 'from a client on B', { qos: 1 });
    const got = await arriving;
    expect(got.payload).toBe('from a client on B');
    expect(got.packet.qos).toBe(1);
    expect(cluster.errors).toEqual([]);
  });

  it('retained messages published on B reach a new subscriber on A', async () => {
    const [a, b] = [await cluster.node('a'), await cluster.node('b')];
    await b.publish(`${prefix}/42/availability`, '{"state":"online"}', { qos: 1, retain: true });
    const user = await pool.connect(urlOf(b), { protocolVersion: 4 });
    await user.publishAsync(`${prefix}/43/state`, '{"fw":"1"}', { qos: 1, retain: true });

    const late = await pool.connect(urlOf(a), { protocolVersion: 4 });
    const seen = new Map<string, { payload: string; retain: boolean }>();
    late.on('message', (topic, payload, packet) =>
      seen.set(topic, { payload: payload.toString(), retain: packet.retain }));
    await late.subscribeAsync(`${prefix}/#`, { qos: 1 });
    await waitFor(() => seen.size >= 2, 'both retained messages');
    expect(Object.fromEntries(seen)).toEqual({
      [`${prefix}/42/availability`]: { payload: '{"state":"online"}', retain: true },
      [`${prefix}/43/state`]: { payload: '{"fw":"1"}', retain: true },
    });
  });

  it('subscribeShared: each client publication is handled once, on the node its client is connected to', async () => {
    const [a, b] = [await cluster.node('a'), await cluster.node('b')];
    const [onA, onB] = [new HandlerProbe(), new HandlerProbe()];
    await a.subscribeShared(`${prefix}/+/command/+`, onA.handler);
    await b.subscribeShared(`${prefix}/+/command/+`, onB.handler);
    const userA = await pool.connect(urlOf(a), { protocolVersion: 4, clientId: `${cluster.keyPrefix}user-a` });
    const userB = await pool.connect(urlOf(b), { protocolVersion: 4, clientId: `${cluster.keyPrefix}user-b` });
    for (let i = 0; i < 10; i++) {
      await userA.publishAsync(`${prefix}/1/command/sendsms`, `a${i}`, { qos: 1 });
      await userB.publishAsync(`${prefix}/2/command/sendsms`, `b${i}`, { qos: i % 2 as 0 | 1 });
    }
    // the bridge's own publications are no client's: neither node hands them to a shared handler
    await b.publish(`${prefix}/3/command/sendsms`, 'bridge', { qos: 1 });
    await waitFor(() => onA.received.length >= 10 && onB.received.length >= 10, 'every publication handled');
    await settle();
    expect(onA.received.map((m) => m.payload.toString())).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    expect(onB.received.map((m) => m.payload.toString())).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    expect(new Set(onA.received.map((m) => m.clientId))).toEqual(new Set([`${cluster.keyPrefix}user-a`]));
    expect(onB.received.map((m) => m.qos)).toEqual(Array.from({ length: 10 }, (_, i) => i % 2));
    expect(onB.received.every((m) => m.retain === false && m.clientId === `${cluster.keyPrefix}user-b`)).toBe(true);
  });

  it('a retained command keeps retain=true and is never handed to a node that subscribes later', async () => {
    const [a, b] = [await cluster.node('a'), await cluster.node('b')];
    const [onA, onB] = [new HandlerProbe(), new HandlerProbe()];
    await a.subscribeShared(`${prefix}/+/command/+`, onA.handler);
    await b.subscribeShared(`${prefix}/+/command/+`, onB.handler);
    const userB = await pool.connect(urlOf(b), { protocolVersion: 4, clientId: `${cluster.keyPrefix}user-b` });
    const arriving = onB.next();
    await userB.publishAsync(`${prefix}/9/command/reboot`, 'stored', { qos: 1, retain: true });
    expect(await arriving).toMatchObject({ topic: `${prefix}/9/command/reboot`, retain: true, qos: 1,
      clientId: `${cluster.keyPrefix}user-b` });

    const c = await cluster.node('c');
    const onC = new HandlerProbe();
    await c.subscribeShared(`${prefix}/+/command/+`, onC.handler);
    const userC = await pool.connect(urlOf(c), { protocolVersion: 4 });
    const marker = onC.next();
    await userC.publishAsync(`${prefix}/9/command/ping`, 'marker', { qos: 1 });
    await marker;
    await settle();
    expect(onC.received.map((m) => m.payload.toString())).toEqual(['marker']);
    expect(onA.received).toEqual([]);
    expect(onB.received).toHaveLength(1);
  });

  it('keeps its keys and channels under REDIS_KEY_PREFIX and closes its connections on stop()', async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const watcher = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const channels: string[] = [];
      watcher.on('pmessage', (_pattern, channel) => channels.push(channel));
      await watcher.psubscribe(`${cluster.keyPrefix}mqtt/*`);
      const a = await cluster.node('a');
      await a.publish(`${prefix}/1/availability`, 'on', { qos: 1, retain: true });
      expect((await redis.hkeys(`${cluster.keyPrefix}mqtt:retained`))).toContain(`${prefix}/1/availability`);
      await waitFor(() => channels.includes(`${cluster.keyPrefix}mqtt/${prefix}/1/availability`), 'prefixed channel');

      const names = async () => (await redis.client('LIST') as string).split('\n')
        .filter((line) => line.includes(`name=${cluster.instanceId('a')}:mqtt-`)).length;
      expect(await names()).toBe(3);
      await cluster.stop();
      await waitFor(async () => (await names()) === 0, 'connections closed', 2000);
      expect(await names()).toBe(0);
    } finally {
      redis.disconnect();
      watcher.disconnect();
    }
  });
});
