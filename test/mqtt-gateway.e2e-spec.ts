import { createMqttGateway } from '../apps/bridge/src/mqtt/create-mqtt-gateway';
import { EmbeddedAedesAdapter } from '../apps/bridge/src/mqtt/embedded-aedes.adapter';
import { ExternalMqttAdapter } from '../apps/bridge/src/mqtt/external-mqtt.adapter';
import { MqttPublishRejectedError, MqttUnavailableError } from '../apps/bridge/src/mqtt/mqtt-gateway';
import { ClientPool, HandlerProbe, nextMessage, uniquePrefix } from './mqtt-gateway.helpers';

/** The embedded aedes adapter on port 0, exercised through real MQTT.js 3.1.1 clients over TCP. */
describe('embedded aedes gateway', () => {
  const pool = new ClientPool();
  const errors: string[] = [];
  let gw: EmbeddedAedesAdapter;
  let prefix: string;
  const url = () => `mqtt://127.0.0.1:${gw.port}`;

  beforeEach(async () => {
    prefix = uniquePrefix();
    errors.length = 0;
    gw = new EmbeddedAedesAdapter({
      host: '127.0.0.1', port: 0, instanceId: 'e2e-embedded',
      onError: (err, context) => errors.push(`${context}: ${err.message}`),
    });
    await gw.start();
  });

  afterEach(async () => {
    await pool.closeAll();
    await gw.stop();
  });

  it('binds a free port when given port 0 and is connected while started', () => {
    expect(gw.port).toBeGreaterThan(0);
    expect(gw.connected).toBe(true);
  });

  it('a QoS 1 publication reaches a 3.1.1 subscriber', async () => {
    const sub = await pool.connect(url(), { protocolVersion: 4 });
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const arriving = nextMessage(sub, `${prefix}/42/event/ping`);
    // MQTT 5 properties cannot travel over 3.1.1 and must not break the publication
    await gw.publish(`${prefix}/42/event/ping`, '{"count":1}',
      { qos: 1, properties: { correlationData: Buffer.from('c'), userProperties: { a: 'b' } } });
    const got = await arriving;
    expect(got.payload).toBe('{"count":1}');
    expect(got.packet.qos).toBe(1);
    expect(got.packet.retain).toBe(false);
  });

  it('a retained publication reaches a subscriber that connects later', async () => {
    await gw.publish(`${prefix}/42/availability`, '{"state":"online"}', { qos: 1, retain: true });
    const late = await pool.connect(url(), { protocolVersion: 4 });
    const arriving = nextMessage(late, `${prefix}/42/availability`);
    await late.subscribeAsync(`${prefix}/+/availability`, { qos: 1 });
    const got = await arriving;
    expect(got.payload).toBe('{"state":"online"}');
    expect(got.packet.retain).toBe(true);
  });

  it('concurrent retained and plain publications all reach a live subscriber (aedes 1.2.0 workaround)', async () => {
    const sub = await pool.connect(url(), { protocolVersion: 4 });
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const got: string[] = [];
    sub.on('message', (topic) => got.push(topic));
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      gw.publish(`${prefix}/c/${i}`, 'x', { qos: 1, retain: i % 2 === 0 })));
    const until = Date.now() + 3000;
    while (got.length < 20 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect([...got].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `${prefix}/c/${i}`).sort());
  });

  it("subscribe() hands a client's publication to the handler with retain flag, QoS, payload and client id", async () => {
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/+/command/+`, probe.handler);
    const user = await pool.connect(url(), { protocolVersion: 4, clientId: 'e2e-user-1' });

    let arriving = probe.next();
    await user.publishAsync(`${prefix}/42/command/sendsms`, '{"to":"10001"}', { qos: 1, retain: true });
    expect(await arriving).toEqual({
      topic: `${prefix}/42/command/sendsms`, payload: Buffer.from('{"to":"10001"}'), retain: true, qos: 1,
      clientId: 'e2e-user-1',
    });

    arriving = probe.next();
    await gw.publish(`${prefix}/43/command/reboot`, '{}', { qos: 0 });
    const own = await arriving;
    expect(own).toMatchObject({ topic: `${prefix}/43/command/reboot`, retain: false, qos: 0 });
    expect(own.clientId).toBeUndefined();
    expect(probe.received).toHaveLength(2);
  });

  it('a throwing handler is reported and does not stop delivery to other handlers', async () => {
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/#`, () => { throw new Error('boom'); });
    await gw.subscribe(`${prefix}/#`, probe.handler);
    const arriving = probe.next();
    await gw.publish(`${prefix}/x`, 'still delivered', { qos: 1 });
    expect((await arriving).payload.toString()).toBe('still delivered');
    expect(errors).toEqual([`MQTT handler for ${prefix}/x threw: boom`]);
  });

  it('rejects invalid topics and filters instead of passing them to aedes', async () => {
    await expect(gw.publish(`${prefix}/+/x`, 'p')).rejects.toBeInstanceOf(MqttPublishRejectedError);
    await expect(gw.subscribe(`${prefix}/#/x`, () => undefined)).rejects.toThrow(RangeError);
  });

  it('a port in use fails start() with a message naming MQTT_PORT', async () => {
    const second = new EmbeddedAedesAdapter({ host: '127.0.0.1', port: gw.port, instanceId: 'e2e-second' });
    await expect(second.start()).rejects.toThrow(`MQTT port ${gw.port} is in use: set MQTT_PORT`);
    expect(second.connected).toBe(false);
    await second.stop();
  });

  it('refuses MQTT 5 clients: aedes 1.2.0 speaks 3.1/3.1.1 only (stack.md §6)', async () => {
    await expect(pool.connect(url(), { protocolVersion: 5 })).rejects.toThrow('Unacceptable protocol version');
  });
});

describe('embedded aedes gateway lifecycle', () => {
  it('applies subscriptions made before start, reports connection changes, and refuses publish once stopped', async () => {
    const gw = new EmbeddedAedesAdapter({ host: '127.0.0.1', port: 0, instanceId: 'e2e-life' });
    const changes: boolean[] = [];
    gw.onConnectionChange((c) => changes.push(c));
    const probe = new HandlerProbe();
    const prefix = uniquePrefix();
    await gw.subscribe(`${prefix}/#`, probe.handler);
    await expect(gw.publish(`${prefix}/a`, 'x')).rejects.toBeInstanceOf(MqttUnavailableError);

    await gw.start();
    const arriving = probe.next();
    await gw.publish(`${prefix}/a`, 'after start');
    expect((await arriving).payload.toString()).toBe('after start');
    const port = gw.port;
    await gw.stop();

    expect(changes).toEqual([true, false]);
    expect(gw.port).toBe(0);
    await expect(gw.publish(`${prefix}/a`, 'x')).rejects.toBeInstanceOf(MqttUnavailableError);
    const pool = new ClientPool();
    await expect(pool.connect(`mqtt://127.0.0.1:${port}`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves MQTT over WebSocket on wsPort', async () => {
    const gw = new EmbeddedAedesAdapter({ host: '127.0.0.1', port: 0, wsPort: 0, instanceId: 'e2e-ws' });
    const pool = new ClientPool();
    await gw.start();
    try {
      expect(gw.wsPort).toBeGreaterThan(0);
      const sub = await pool.connect(`ws://127.0.0.1:${gw.wsPort}`, { protocolVersion: 4 });
      const prefix = uniquePrefix();
      await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
      const arriving = nextMessage(sub, `${prefix}/ws`);
      await gw.publish(`${prefix}/ws`, 'over websocket', { qos: 1 });
      expect((await arriving).payload).toBe('over websocket');
    } finally {
      await pool.closeAll();
      await gw.stop();
    }
  });
});

describe('createMqttGateway', () => {
  it('builds the adapter the mode names, opening nothing until start()', async () => {
    const embedded = createMqttGateway({ mode: 'embedded', host: '127.0.0.1', port: 0, instanceId: 'f' });
    const external = createMqttGateway({
      mode: 'external', url: 'mqtt://127.0.0.1:1', instanceId: 'f', will: { topic: 't/will', payload: 'offline' },
    });
    expect(embedded).toBeInstanceOf(EmbeddedAedesAdapter);
    expect(external).toBeInstanceOf(ExternalMqttAdapter);
    expect(embedded.connected || external.connected).toBe(false);
    await Promise.all([embedded.stop(), external.stop()]);
  });
});
