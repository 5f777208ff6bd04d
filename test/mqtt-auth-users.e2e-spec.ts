import type { MqttClient } from 'mqtt';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { connectAs, granted, refusalCode, usersYaml } from './helpers/mqtt-users';

/**
 * Users and roles of the embedded broker (MQTT_USERS_FILE, docs/security-mqtt.md), with real sockets: the
 * bridge publishes in process without a password, clients authenticate, and refused publications are
 * acknowledged and dropped, so a board never sees them.
 */
describe('embedded broker users and roles', () => {
  const base = `au${process.pid}`;
  const [b1, b2] = ['498060977701', '498060977702'];
  let t: BridgeUnderTest;
  const boards: FakeBoard[] = [];
  const clients: MqttClient[] = [];
  const denied = (action: string, reason: string) => t.metric('bridge_mqtt_denied_total', { action, reason });

  beforeAll(async () => {
    const yaml = await usersYaml({
      dash: { role: 'reader', password: 'reader-pw' },
      ops: { role: 'operator', password: 'operator-pw', boards: [b1], commands: ['stat'] },
      root: { role: 'admin', password: 'admin-pw' },
    });
    t = await startTestBridge({ MQTT_BASE_TOPIC: base, MQTT_USERS_FILE: '/users.yaml' }, { '/users.yaml': yaml });
    for (const devId of [b1, b2]) {
      const board = new FakeBoard({ devId, answer: realisticBoard });
      boards.push(board);
      await board.connect(t.tcpPort);
      board.hello();
      await board.nextFrame((f) => f.cmd === 'now');
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    boards.forEach((b) => b.destroy());
    await t.close();
  });

  async function as(user: string, password: string): Promise<MqttClient> {
    const client = await connectAs(t.mqttUrl, user, password);
    clients.push(client);
    return client;
  }

  /** Messages a client receives from now on. */
  function record(client: MqttClient): { topic: string; payload: string }[] {
    const got: { topic: string; payload: string }[] = [];
    client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
    return got;
  }

  it('refuses a wrong password or unknown user (CONNACK 4) and anonymous clients (5), and counts them', async () => {
    const [bad, anon] = [await denied('connect', 'bad-credentials'), await denied('connect', 'anonymous')];
    expect(await refusalCode(connectAs(t.mqttUrl, 'dash', 'wrong'))).toBe(4);
    expect(await refusalCode(connectAs(t.mqttUrl, 'nobody', 'reader-pw'))).toBe(4);
    expect(await refusalCode(connectAs(t.mqttUrl, 'dash'))).toBe(4);
    expect(await refusalCode(connectAs(t.mqttUrl))).toBe(5);
    expect(await denied('connect', 'bad-credentials')).toBe(bad + 3);
    expect(await denied('connect', 'anonymous')).toBe(anon + 1);
    expect(await refusalCode(connectAs(t.mqttUrl, 'dash', 'reader-pw'))).toBeUndefined();
  });

  it('a reader gets availability and events (the bridge publishes without a password), never commands', async () => {
    const reader = await as('dash', 'reader-pw');
    const got = record(reader);
    expect(await granted(reader, [`${base}/+/availability`, `${base}/+/state`, `${base}/+/event/#`,
      `${base}/+/command/+/reply`, `${base}/bridge/#`, `${base}/#`])).toEqual([1, 1, 1, 1, 1, 1]);
    const refused = [await denied('subscribe', 'role'), await denied('subscribe', 'system')];
    expect(await granted(reader, [`${base}/${b1}/command/stat`, 'elsewhere/#', '$SYS/#'])).toEqual([128, 128, 128]);
    expect([await denied('subscribe', 'role'), await denied('subscribe', 'system')])
      .toEqual([refused[0] + 2, refused[1] + 1]);
    await waitFor(() => got.some((m) => m.topic === `${base}/${b1}/availability` && m.payload.includes('online')));
    boards[0].ping();
    await waitFor(() => got.some((m) => m.topic === `${base}/${b1}/event/ping`));
    // `{base}/#` is granted, but the commands it would take in are not delivered (they carry numbers and texts)
    const root = await as('root', 'admin-pw');
    await root.publishAsync(`${base}/${b1}/command/stat`, JSON.stringify({ requestId: 'seen-by-admin-only' }), { qos: 1 });
    await boards[0].nextFrame((f) => f.cmd === 'stat');
    await waitFor(() => got.some((m) => m.topic === `${base}/${b1}/command/stat/reply` && m.payload.includes('"final":true')));
    expect(got.filter((m) => m.topic === `${base}/${b1}/command/stat`)).toEqual([]);
  });

  it("a reader's command is acknowledged and dropped: the board never gets it, the client stays connected", async () => {
    const reader = await as('dash', 'reader-pw');
    const before = await denied('publish', 'role');
    await reader.publishAsync(`${base}/${b1}/command/stat`, JSON.stringify({ requestId: 'r-reader' }), { qos: 1 });
    await reader.publishAsync(`${base}/${b1}/command/stat`, JSON.stringify({ requestId: 'r-reader-2' }), { qos: 2 });
    await neverGets(boards[0], 'stat');
    expect(await denied('publish', 'role')).toBe(before + 2);
    expect(reader.connected).toBe(true);
  });

  it('an operator commands its listed boards and commands only', async () => {
    const ops = await as('ops', 'operator-pw');
    const replies = record(ops);
    await ops.subscribeAsync(`${base}/+/command/+/reply`, { qos: 1 });
    const [board, command] = [await denied('publish', 'board'), await denied('publish', 'command')];
    await ops.publishAsync(`${base}/${b1}/command/stat`, JSON.stringify({ requestId: 'ops-1' }), { qos: 1 });
    expect(await boards[0].nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    await waitFor(() => replies.some((m) => m.payload.includes('"ops-1"') && m.payload.includes('"final":true')));
    await ops.publishAsync(`${base}/${b2}/command/stat`, JSON.stringify({ requestId: 'ops-2' }), { qos: 1 });
    await ops.publishAsync(`${base}/${b1}/command/restart`, JSON.stringify({ requestId: 'ops-3' }), { qos: 1 });
    await neverGets(boards[1], 'stat');
    await neverGets(boards[0], 'restart', 0);
    expect([await denied('publish', 'board'), await denied('publish', 'command')]).toEqual([board + 1, command + 1]);
    expect(replies.some((m) => m.payload.includes('"ops-2"') || m.payload.includes('"ops-3"'))).toBe(false);
  });

  it('an admin commands any board and reads everything, commands included', async () => {
    const root = await as('root', 'admin-pw');
    const got = record(root);
    expect(await granted(root, ['#', '$SYS/#'])).toEqual([1, 1]);
    await root.publishAsync(`${base}/${b2}/command/stat`, JSON.stringify({ requestId: 'root-1' }), { qos: 1 });
    expect(await boards[1].nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    await waitFor(() => got.some((m) => m.topic === `${base}/${b2}/command/stat`));
    await waitFor(() => got.some((m) => m.topic === `${base}/${b2}/command/stat/reply` && m.payload.includes('root-1')));
  });

  it('nobody can spoof events, availability, state, replies or bridge state', async () => {
    const watcher = await as('root', 'admin-pw');
    const seen = record(watcher);
    await watcher.subscribeAsync(`${base}/#`, { qos: 1 });
    const before = await denied('publish', 'bridge-topic');
    const spoofs = [`${base}/${b1}/event/sms_received`, `${base}/${b1}/availability`, `${base}/${b1}/state`,
      `${base}/${b1}/command/stat/reply`, `${base}/bridge/fake/state`];
    for (const [user, password] of [['dash', 'reader-pw'], ['ops', 'operator-pw'], ['root', 'admin-pw']]) {
      const spoofer = await as(user, password);
      for (const topic of spoofs) await spoofer.publishAsync(topic, '{"state":"offline","spoof":true}', { qos: 1, retain: true });
    }
    await watcher.publishAsync(`${base}/marker`, 'marker', { qos: 1 });
    await waitFor(() => seen.some((m) => m.topic === `${base}/marker`));
    expect(seen.filter((m) => m.payload.includes('spoof'))).toEqual([]);
    expect(await denied('publish', 'bridge-topic')).toBe(before + 15);
    // a new subscriber still gets the bridge's retained availability, not a spoofed one
    const late = await as('dash', 'reader-pw');
    const retained = record(late);
    await late.subscribeAsync(`${base}/${b1}/availability`, { qos: 1 });
    await waitFor(() => retained.length > 0);
    expect(JSON.parse(retained[0].payload)).toMatchObject({ state: 'online', transport: 'tcp' });
  });

  it('refuses a connect whose will its user could not publish', async () => {
    const will = { topic: `${base}/${b1}/availability`, payload: Buffer.from('{"state":"offline"}'), qos: 1 as const, retain: true };
    const before = await denied('connect', 'will');
    expect(await refusalCode(connectAs(t.mqttUrl, 'root', 'admin-pw', { will }))).toBe(5);
    expect(await denied('connect', 'will')).toBe(before + 1);
  });
});

/** No `cmd` frame reached the board (frames nobody awaited stay in `received`). */
async function neverGets(board: FakeBoard, cmd: string, waitMs = 700): Promise<void> {
  await new Promise((r) => setTimeout(r, waitMs));
  expect(board.received.filter((f) => f.cmd === cmd)).toEqual([]);
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
