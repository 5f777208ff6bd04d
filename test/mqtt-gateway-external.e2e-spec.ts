import { ExternalMqttAdapter, type ExternalMqttOptions } from '../apps/bridge/src/mqtt/external-mqtt.adapter';
import { MqttUnavailableError } from '../apps/bridge/src/mqtt/mqtt-gateway';
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { freePort, testServices } from './setup/services';
import { ClientPool, connectionState, HandlerProbe, nextMessage, uniquePrefix } from './mqtt-gateway.helpers';

/** The external adapter (MQTT.js, protocol 5 by default) against the suite's private Mosquitto. */
describe('external MQTT gateway (Mosquitto)', () => {
  const { mosquittoUrl } = testServices();
  const pool = new ClientPool();
  const errors: string[] = [];
  let gw: ExternalMqttAdapter;
  let prefix: string;
  let clientId: string;

  function adapter(extra: Partial<ExternalMqttOptions> = {}): ExternalMqttAdapter {
    return new ExternalMqttAdapter({
      url: mosquittoUrl, instanceId: prefix.replace(/\W/g, '-'), reconnectPeriodMs: 100, startTimeoutMs: 3000,
      will: { topic: `${prefix}/bridge/e2e/state`, payload: '{"state":"offline"}' },
      onError: (err, context) => errors.push(`${context}: ${err.message}`),
      ...extra,
    });
  }

  /** Breaks the adapter's TCP connection the way a network failure would (no DISCONNECT sent). */
  function breakConnection(): void {
    gw.clientForTests()?.stream.destroy();
  }

  beforeEach(async () => {
    prefix = uniquePrefix();
    errors.length = 0;
    gw = adapter();
    clientId = `board-bridge-${prefix.replace(/\W/g, '-')}`;
    await gw.start();
  });

  afterEach(async () => {
    await gw.stop();
    // tests that break the connection leave the retained will behind; keep the shared broker clean
    const cleaner = await pool.connect(mosquittoUrl);
    await cleaner.publishAsync(`${prefix}/bridge/e2e/state`, '', { qos: 1, retain: true });
    await pool.closeAll();
  });

  it('publishes with MQTT 5 properties and resolves on PUBACK', async () => {
    const sub = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const arriving = nextMessage(sub, `${prefix}/42/command/sendsms/reply`);
    await gw.publish(`${prefix}/42/command/sendsms/reply`, '{"status":"sent"}', {
      qos: 1, properties: { correlationData: Buffer.from('req-7'), userProperties: { k: 'v' }, contentType: 'application/json' },
    });
    const got = await arriving;
    expect(got.payload).toBe('{"status":"sent"}');
    expect(got.packet.qos).toBe(1);
    expect(got.packet.properties).toMatchObject({
      correlationData: Buffer.from('req-7'), userProperties: { k: 'v' }, contentType: 'application/json',
    });
  });

  it('hands a v5 command to the handler with response topic, correlation data and user properties', async () => {
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/+/command/+`, probe.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const arriving = probe.next();
    await user.publishAsync(`${prefix}/42/command/sendsms`, '{"to":"10001"}', {
      qos: 1,
      properties: { responseTopic: `${prefix}/answers`, correlationData: Buffer.from([1, 2, 3]), userProperties: { u: '1' } },
    });
    expect(await arriving).toEqual({
      topic: `${prefix}/42/command/sendsms`, payload: Buffer.from('{"to":"10001"}'), retain: false, qos: 1,
      responseTopic: `${prefix}/answers`, correlationData: Buffer.from([1, 2, 3]), userProperties: { u: '1' },
    });
  });

  it("keeps the publisher's retain flag (Retain As Published), so retained commands can be refused", async () => {
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/+/command/+`, probe.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const arriving = probe.next();
    await user.publishAsync(`${prefix}/42/command/reboot`, '{}', { qos: 1, retain: true });
    expect(await arriving).toMatchObject({ topic: `${prefix}/42/command/reboot`, retain: true });
    await user.publishAsync(`${prefix}/42/command/reboot`, '', { qos: 1, retain: true }); // clear it
  });

  it('has the broker publish the last will, retained, when the socket dies abruptly', async () => {
    const watcher = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await watcher.subscribeAsync(`${prefix}/bridge/+/state`, { qos: 1, rap: true });
    const arriving = nextMessage(watcher, `${prefix}/bridge/e2e/state`);
    breakConnection();
    const will = await arriving;
    expect(will.payload).toBe('{"state":"offline"}');
    expect(will.packet.retain).toBe(true);
    expect(will.packet.qos).toBe(1);
  });

  it('stop() lets a publication in flight finish and disconnects cleanly, without the will', async () => {
    const watcher = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await watcher.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const seen: string[] = [];
    watcher.on('message', (topic) => seen.push(topic));
    const pending = gw.publish(`${prefix}/data/last`, 'last words', { qos: 1 });
    await gw.stop();
    await expect(pending).resolves.toBeUndefined();
    expect(gw.connected).toBe(false);
    // the broker handled the DISCONNECT before this later publication, so a will would already be here
    const marker = nextMessage(watcher, `${prefix}/marker`);
    await (await pool.connect(mosquittoUrl)).publishAsync(`${prefix}/marker`, 'm', { qos: 1 });
    await marker;
    expect(seen).toEqual([`${prefix}/data/last`, `${prefix}/marker`]);
  });

  it('rejects publish with MqttUnavailableError while disconnected and buffers nothing', async () => {
    const sub = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await sub.subscribeAsync(`${prefix}/data/#`, { qos: 1 });
    const down = connectionState(gw, false);
    breakConnection();
    await down;
    expect(gw.connected).toBe(false);
    await expect(gw.publish(`${prefix}/data/a`, 'while down', { qos: 1 })).rejects.toBeInstanceOf(MqttUnavailableError);
    await expect(gw.publish(`${prefix}/data/a`, 'qos 0 too', { qos: 0 })).rejects.toBeInstanceOf(MqttUnavailableError);

    await connectionState(gw, true);
    const arriving = nextMessage(sub, `${prefix}/data/a`);
    await gw.publish(`${prefix}/data/a`, 'after reconnect', { qos: 1 });
    // had MQTT.js queued the rejected ones, they would have been flushed first on reconnect
    expect((await arriving).payload).toBe('after reconnect');
  });

  it('rejects a publication still waiting for PUBACK when the connection drops', async () => {
    const pending = gw.publish(`${prefix}/data/b`, 'in flight', { qos: 1 });
    breakConnection();
    await expect(pending).rejects.toBeInstanceOf(MqttUnavailableError);
  });

  it('resubscribes and tells listeners after the broker drops the session (client id takeover)', async () => {
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/+/command/+`, probe.handler);
    const changes: boolean[] = [];
    gw.onConnectionChange((c) => changes.push(c));
    const down = connectionState(gw, false);
    const up = connectionState(gw, true);
    // Mosquitto closes the older connection with the same client id [MQTT-3.1.4-2]
    const intruder = await pool.connect(mosquittoUrl, { protocolVersion: 5, clientId, clean: true });
    await down;
    await intruder.endAsync(true);
    await up;
    expect(changes).toEqual([false, true]);
    expect(errors).toEqual([]);

    // clean session: the broker forgot the subscription, so a delivery proves the adapter resubscribed
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    const arriving = probe.next();
    await user.publishAsync(`${prefix}/42/command/sendsms`, 'after takeover', { qos: 1 });
    expect((await arriving).payload.toString()).toBe('after takeover');
  });

  it('works with MQTT 3.1.1 (protocolVersion 4), dropping v5 properties', async () => {
    await gw.stop();
    gw = adapter({ protocolVersion: 4 });
    await gw.start();
    const probe = new HandlerProbe();
    await gw.subscribe(`${prefix}/#`, probe.handler);
    const arriving = probe.next();
    await gw.publish(`${prefix}/v4`, 'hello', { qos: 1, properties: { correlationData: Buffer.from('x') } });
    expect(await arriving).toEqual({ topic: `${prefix}/v4`, payload: Buffer.from('hello'), retain: false, qos: 1 });
  });

  it('with overlapping filters, each handler gets a message once (MQTT 5 subscription identifiers)', async () => {
    const narrow = new HandlerProbe();
    const wide = new HandlerProbe();
    await gw.subscribe(`${prefix}/+/command/+`, narrow.handler);
    await gw.subscribe(`${prefix}/#`, wide.handler);
    const user = await pool.connect(mosquittoUrl, { protocolVersion: 5 });
    await user.publishAsync(`${prefix}/42/command/reboot`, '1', { qos: 1 });
    await user.publishAsync(`${prefix}/42/other`, '2', { qos: 1 });
    const marker = wide.next();
    await user.publishAsync(`${prefix}/end`, '3', { qos: 1 });
    await marker;
    expect(narrow.received.map((m) => m.payload.toString())).toEqual(['1']);
    expect(wide.received.map((m) => m.payload.toString())).toEqual(['1', '2', '3']);
  });

  it('with startTimeoutMs 0, start() returns at once and the adapter keeps connecting in the background', async () => {
    const port = await freePort();
    const later = adapter({ url: `mqtt://127.0.0.1:${port}`, startTimeoutMs: 0 });
    await later.start();
    expect(later.connected).toBe(false);
    await expect(later.publish(`${prefix}/x`, 'p')).rejects.toBeInstanceOf(MqttUnavailableError);
    await later.stop();
    expect(later.clientForTests()).toBeUndefined();
  });

  it('start() fails with MqttUnavailableError when no broker answers in time', async () => {
    const nobody = adapter({ url: `mqtt://127.0.0.1:${await freePort()}`, startTimeoutMs: 300 });
    await expect(nobody.start()).rejects.toThrow(MqttUnavailableError);
    expect(nobody.connected).toBe(false);
    expect(nobody.clientForTests()).toBeUndefined();
  });

  it('start() fails at once, naming the settings, when the broker refuses the credentials', async () => {
    const refusing = await refusingBroker();
    try {
      const port = (refusing.server.address() as { port: number }).port;
      const bad = adapter({ url: `mqtt://127.0.0.1:${port}`, protocolVersion: 4, username: 'u', password: 'wrong',
        startTimeoutMs: 5000 });
      const started = Date.now();
      await expect(bad.start()).rejects.toThrow(/refused the connection \(code 4\): check MQTT_USERNAME \/ MQTT_PASSWORD/);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(bad.connected).toBe(false);
    } finally {
      await refusing.close();
    }
  });
});

/** An aedes broker that refuses every CONNECT with "bad user name or password" (3.1.1 return code 4). */
async function refusingBroker(): Promise<{ server: Server; close(): Promise<void> }> {
  const broker = await Aedes.createBroker({
    authenticate: (_client, _user, _pass, done) => done(Object.assign(new Error('no'), { returnCode: 4 }), false),
  });
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => broker.close(() => resolve()))),
  };
}
