import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { connectAs, granted, refusalCode, usersYaml } from './helpers/mqtt-users';
import { testServices } from './setup/services';

/** Anonymous access (MQTT_ALLOW_ANONYMOUS, MQTT_ANONYMOUS_ROLE) and users on clustered embedded brokers. */
describe('embedded broker: anonymous access and clustering', () => {
  const base = `an${process.pid}`;
  const opened: { close(): Promise<void> | void }[] = [];

  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
  });

  async function bridge(env: Record<string, string>, files?: Record<string, string>): Promise<BridgeUnderTest> {
    const t = await startTestBridge({ MQTT_BASE_TOPIC: base, ...env }, files);
    opened.push(t);
    return t;
  }

  async function onlineBoard(t: BridgeUnderTest, devId: string): Promise<FakeBoard> {
    const board = new FakeBoard({ devId, answer: realisticBoard });
    opened.push({ close: () => board.destroy() });
    await board.connect(t.tcpPort);
    board.hello();
    await board.nextFrame((f) => f.cmd === 'now');
    return board;
  }

  async function client(url: string, user?: string, password?: string): Promise<MqttClient> {
    const c = await connectAs(url, user, password);
    opened.push({ close: () => c.endAsync(true) });
    return c;
  }

  it('with MQTT_ALLOW_ANONYMOUS=true and no users, anonymous clients are admins, who still cannot spoof', async () => {
    const t = await bridge({ MQTT_ALLOW_ANONYMOUS: 'true' });
    const board = await onlineBoard(t, '498060966601');
    const anon = await client(t.mqttUrl);
    expect(await granted(anon, [`${base}/#`])).toEqual([1]);
    await anon.publishAsync(`${base}/498060966601/command/stat`, '{}', { qos: 1 });
    expect(await board.nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    await anon.publishAsync(`${base}/498060966601/event/ping`, '{"spoof":true}', { qos: 1 });
    await anon.publishAsync(`${base}/498060966601/availability`, '{"spoof":true}', { qos: 1, retain: true });
    expect(await t.metric('bridge_mqtt_denied_total', { action: 'publish', reason: 'bridge-topic' })).toBe(2);
  });

  it('by default (no settings) clients on this host connect anonymously as admins', async () => {
    const t = await bridge({});
    const board = await onlineBoard(t, '498060966604');
    const local = await client(t.mqttUrl);
    await local.publishAsync(`${base}/498060966604/command/stat`, '{}', { qos: 1 });
    expect(await board.nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    expect(await t.metric('bridge_mqtt_denied_total', { action: 'connect' })).toBe(0);
  });

  it('with anonymous access off and no users nobody connects, and the bridge still works', async () => {
    const t = await bridge({ MQTT_ALLOW_ANONYMOUS: 'false' });
    expect(await refusalCode(connectAs(t.mqttUrl))).toBe(5);
    expect(await refusalCode(connectAs(t.mqttUrl, 'someone', 'pw'))).toBe(4);
    await onlineBoard(t, '498060966602');
    const ready = await fetch(`http://127.0.0.1:${t.httpPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await t.metric('bridge_mqtt_denied_total', { action: 'connect' })).toBe(2);
  });

  it('MQTT_ANONYMOUS_ROLE=reader: anonymous clients read events, their commands are dropped', async () => {
    const t = await bridge({ MQTT_ALLOW_ANONYMOUS: 'true', MQTT_ANONYMOUS_ROLE: 'reader' });
    const board = await onlineBoard(t, '498060966603');
    const anon = await client(t.mqttUrl);
    expect(await granted(anon, [`${base}/+/event/#`, `${base}/498060966603/command/stat`])).toEqual([1, 128]);
    await anon.publishAsync(`${base}/498060966603/command/stat`, '{}', { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(board.received.filter((f) => f.cmd === 'stat')).toEqual([]);
    expect(await t.metric('bridge_mqtt_denied_total', { action: 'publish', reason: 'role' })).toBe(1);
  });

  it('clustered through Redis: users work on every node, a command is refused where it enters', async () => {
    const yaml = await usersYaml({ dash: { role: 'reader', password: 'r-pw' }, ops: { role: 'operator', password: 'o-pw' } });
    const tag = `auth${randomUUID().slice(0, 8)}`;
    const env = { REDIS_URL: testServices().redisUrl, REDIS_KEY_PREFIX: `${tag}:`, MQTT_USERS_FILE: '/u.yaml' };
    const a = await bridge({ ...env, BRIDGE_INSTANCE_ID: `${tag}-a` }, { '/u.yaml': yaml });
    const b = await bridge({ ...env, BRIDGE_INSTANCE_ID: `${tag}-b` }, { '/u.yaml': yaml });
    const board = await onlineBoard(b, '498060966604');
    const reader = await client(a.mqttUrl, 'dash', 'r-pw');
    const events: string[] = [];
    reader.on('message', (topic) => events.push(topic));
    await reader.subscribeAsync(`${base}/+/event/#`, { qos: 1 });
    board.ping();
    await waitFor(() => events.includes(`${base}/498060966604/event/ping`));
    await reader.publishAsync(`${base}/498060966604/command/restart`, '{}', { qos: 1 });
    const ops = await client(a.mqttUrl, 'ops', 'o-pw');
    await ops.publishAsync(`${base}/498060966604/command/stat`, '{}', { qos: 1 });
    expect(await board.nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    expect(board.received.filter((f) => f.cmd === 'restart')).toEqual([]);
    expect(await a.metric('bridge_mqtt_denied_total', { action: 'publish', reason: 'role' })).toBe(1);
    expect(await refusalCode(connectAs(b.mqttUrl, 'dash', 'wrong'))).toBe(4);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
