import { ExternalMqttAdapter, type ExternalMqttOptions } from '../apps/bridge/src/mqtt/external-mqtt.adapter';
import type { InboundMqttMessage } from '../apps/bridge/src/mqtt/mqtt-gateway';
import { testServices } from './setup/services';
import { ClientPool, connectionState, HandlerProbe, uniquePrefix } from './mqtt-gateway.helpers';
import { settle, waitFor } from './mqtt-shared.helpers';

/** subscribeShared() on the external adapter: `$share/{group}/…` on the suite's Mosquitto (bridge-contract §4). */
describe('external MQTT gateway: shared subscriptions (Mosquitto)', () => {
  const { mosquittoUrl } = testServices();
  const pool = new ClientPool();
  const gateways: ExternalMqttAdapter[] = [];
  const errors: string[] = [];
  let prefix: string;
  let group: string;

  async function gateway(name: string, extra: Partial<ExternalMqttOptions> = {}): Promise<ExternalMqttAdapter> {
    const id = `${prefix}-${name}`.replace(/\W/g, '-');
    const gw = new ExternalMqttAdapter({
      url: mosquittoUrl, instanceId: id, sharedGroup: group, reconnectPeriodMs: 100, startTimeoutMs: 3000,
      will: { topic: `${prefix}/bridge/${name}/state`, payload: 'offline' },
      onError: (err, context) => errors.push(`${context}: ${err.message}`), ...extra,
    });
    gateways.push(gw);
    await gw.start();
    return gw;
  }

  beforeEach(() => {
    prefix = uniquePrefix();
    group = `g-${prefix.replace(/\W/g, '-')}`;
    errors.length = 0;
  });

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gw) => gw.stop()));
    await pool.closeAll();
  });

  it('hands each of N publications to exactly one of two instances', async () => {
    const [a, b] = [new HandlerProbe(), new HandlerProbe()];
    await (await gateway('a')).subscribeShared(`${prefix}/+/command/+`, a.handler);
    await (await gateway('b')).subscribeShared(`${prefix}/+/command/+`, b.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const n = 40;
    for (let i = 0; i < n; i++) await user.publishAsync(`${prefix}/b${i % 4}/command/sendsms`, `${i}`, { qos: 1 });
    await waitFor(() => a.received.length + b.received.length >= n, 'all publications handled');
    await settle();
    const all = [...a.received, ...b.received].map((m) => Number(m.payload.toString()));
    expect(all.sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    // Mosquitto spreads a group's messages over its members; both instances took part
    expect(a.received.length).toBeGreaterThan(0);
    expect(b.received.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("keeps the publisher's retain flag and never replays a stored retained command", async () => {
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await user.publishAsync(`${prefix}/42/command/reboot`, 'stored', { qos: 1, retain: true });
    const probe = new HandlerProbe();
    await (await gateway('late')).subscribeShared(`${prefix}/+/command/+`, probe.handler);

    const live = probe.next();
    await user.publishAsync(`${prefix}/42/command/reboot`, 'live retained', { qos: 1, retain: true });
    expect(await live).toMatchObject({ topic: `${prefix}/42/command/reboot`, retain: true, qos: 1 });
    const plain = probe.next();
    await user.publishAsync(`${prefix}/42/command/sendsms`, 'live', { qos: 1 });
    expect(await plain).toMatchObject({ retain: false, payload: Buffer.from('live') });
    // the message stored before the subscription never reached the handler (Retain Handling 2)
    expect(probe.received.map((m) => m.payload.toString())).toEqual(['live retained', 'live']);
    await user.publishAsync(`${prefix}/42/command/reboot`, '', { qos: 1, retain: true }); // clear it
  });

  it('with a normal and a shared subscription matching, each handler gets each message once', async () => {
    const [wide, sharedA, sharedB] = [new HandlerProbe(), new HandlerProbe(), new HandlerProbe()];
    const a = await gateway('a');
    await a.subscribe(`${prefix}/#`, wide.handler);
    await a.subscribeShared(`${prefix}/+/command/+`, sharedA.handler);
    await (await gateway('b')).subscribeShared(`${prefix}/+/command/+`, sharedB.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const n = 10;
    for (let i = 0; i < n; i++) await user.publishAsync(`${prefix}/7/command/c${i}`, `${i}`, { qos: 1 });
    await waitFor(() => wide.received.length >= n && sharedA.received.length + sharedB.received.length >= n,
      'every copy handled');
    await settle();
    const payloads = (msgs: InboundMqttMessage[]) =>
      msgs.map((m) => Number(m.payload.toString())).sort((x, y) => x - y);
    expect(payloads(wide.received)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(payloads([...sharedA.received, ...sharedB.received])).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(sharedB.received.length).toBeGreaterThan(0);
  });

  it('subscribes the shared filter again after a reconnect', async () => {
    const gw = await gateway('solo');
    const probe = new HandlerProbe();
    await gw.subscribeShared(`${prefix}/+/command/+`, probe.handler);
    const down = connectionState(gw, false);
    const up = connectionState(gw, true);
    gw.clientForTests()?.stream.destroy(); // a network failure: clean session, the broker forgets the subscription
    await down;
    await up;
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const arriving = probe.next();
    await user.publishAsync(`${prefix}/1/command/ping`, 'after reconnect', { qos: 1 });
    expect((await arriving).payload.toString()).toBe('after reconnect');
    // the abrupt close made Mosquitto publish the retained will: clear it
    await user.publishAsync(`${prefix}/bridge/solo/state`, '', { qos: 1, retain: true });
  });

  it('works over MQTT 3.1.1 and warns when a shared and a normal filter overlap', async () => {
    const [a, b] = [new HandlerProbe(), new HandlerProbe()];
    const gwA = await gateway('a', { protocolVersion: 4 });
    await gwA.subscribeShared(`${prefix}/+/command/+`, a.handler);
    await (await gateway('b', { protocolVersion: 4 })).subscribeShared(`${prefix}/+/command/+`, b.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 4 });
    for (let i = 0; i < 6; i++) await user.publishAsync(`${prefix}/1/command/c`, `${i}`, { qos: 1 });
    await waitFor(() => a.received.length + b.received.length >= 6, 'all handled');
    await settle();
    expect(a.received.length + b.received.length).toBe(6);
    expect(errors).toEqual([]);

    await gwA.subscribe(`${prefix}/#`, () => undefined);
    expect(errors).toEqual([expect.stringMatching(
      new RegExp(`^ambiguous MQTT subscriptions: ${prefix}/# overlaps \\$share/${group}/${prefix}/\\+/command/\\+`))]);
  });

  it('refuses invalid filters and ones already naming a share', async () => {
    const gw = await gateway('v');
    await expect(gw.subscribeShared(`$share/x/${prefix}/a`, () => undefined)).rejects.toThrow(RangeError);
    await expect(gw.subscribeShared(`${prefix}/#/a`, () => undefined)).rejects.toThrow(RangeError);
    expect(() => new ExternalMqttAdapter({ url: mosquittoUrl, instanceId: 'x', sharedGroup: 'a/b',
      will: { topic: 'w', payload: 'p' } })).toThrow(RangeError);
  });
});
