import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { connectAs, refusalCode } from './helpers/mqtt-users';
import { freePort, servicesDir, waitForPort } from './setup/services';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

/**
 * The shipped Mosquitto example (docker/mosquitto/mosquitto-secure.conf, acl and passwd.example,
 * docs/security-mqtt.md) on a private Mosquitto: the bridge works with its own credentials, readers cannot
 * command, nobody spoofs.
 */
describe('external Mosquitto with the example ACL and password file', () => {
  const shipped = join(__dirname, '..', 'docker', 'mosquitto');
  const id = '498060912345';
  const other = '498060912346';
  let mosquitto: ChildProcess;
  let url: string;
  let t: BridgeUnderTest;
  const boards = new Map<string, FakeBoard>();
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const dir = servicesDir();
    // copies the mosquitto user can read: run as root, Mosquitto drops to that user before opening them
    const [acl, passwd, conf] = [join(dir, `acl-${port}`), join(dir, `passwd-${port}`), join(dir, `secure-${port}.conf`)];
    copyFileSync(join(shipped, 'acl'), acl);
    copyFileSync(join(shipped, 'passwd.example'), passwd);
    [acl, passwd].forEach((f) => chmodSync(f, 0o644));
    // the shipped config with the container's paths, port and persistence swapped for the test's
    writeFileSync(conf, readFileSync(join(shipped, 'mosquitto-secure.conf'), 'utf8')
      .replace('/mosquitto/config/passwd', passwd).replace('/mosquitto/config/acl', acl)
      .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`).replace(/^persistence true$/m, 'persistence false')
      .replace(/^persistence_location .*$/m, ''));
    mosquitto = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    await waitForPort(port);
    url = `mqtt://127.0.0.1:${port}`;
    t = await startTestBridge({ MQTT_URL: url, MQTT_USERNAME: 'board-bridge', MQTT_PASSWORD: 'bridge-example-password' });
    for (const devId of [id, other]) {
      const board = new FakeBoard({ devId, answer: realisticBoard });
      boards.set(devId, board);
      await board.connect(t.tcpPort);
      board.hello();
      await board.nextFrame((f) => f.cmd === 'now');
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    boards.forEach((b) => b.destroy());
    await t?.close();
    await new Promise<void>((resolve) => {
      if (!mosquitto || mosquitto.exitCode !== null) return resolve();
      mosquitto.once('exit', () => resolve());
      mosquitto.kill('SIGTERM');
    });
  });

  async function as(user: string): Promise<{ client: MqttClient; got: { topic: string; payload: string }[] }> {
    const client = await connectAs(url, user, `${user}-example-password`);
    clients.push(client);
    const got: { topic: string; payload: string }[] = [];
    client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
    return { client, got };
  }

  it('refuses anonymous clients and wrong passwords', async () => {
    expect(await refusalCode(connectAs(url))).toBe(5);
    expect(await refusalCode(connectAs(url, 'dashboard', 'wrong'))).toBeGreaterThanOrEqual(4);
  });

  it("the bridge publishes with its own credentials: a reader gets availability and events, not commands", async () => {
    const { client, got } = await as('dashboard');
    await client.subscribeAsync('boards/#', { qos: 1 });
    await waitFor(() => got.some((m) => m.topic === `boards/${id}/availability` && m.payload.includes('online')));
    boards.get(id)?.ping();
    await waitFor(() => got.some((m) => m.topic === `boards/${id}/event/ping`));
    const { client: op } = await as('operator');
    await op.publishAsync(`boards/${id}/command/stat`, JSON.stringify({ requestId: 'mq-op-1' }), { qos: 1 });
    expect(await boards.get(id)?.nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    await waitFor(() => got.some((m) => m.topic === `boards/${id}/command/stat/reply` && m.payload.includes('mq-op-1')));
    expect(got.filter((m) => m.topic === `boards/${id}/command/stat`)).toEqual([]);
  });

  it('a reader cannot publish commands, and nobody but the bridge can publish events or availability', async () => {
    const { client: reader, got } = await as('dashboard');
    await reader.subscribeAsync('boards/+/event/#', { qos: 1 });
    await reader.publishAsync(`boards/${id}/command/restart`, '{}', { qos: 1 });
    for (const user of ['operator', 'admin']) {
      const { client } = await as(user);
      await client.publishAsync(`boards/${id}/event/sms_received`, '{"spoof":true}', { qos: 1 });
      await client.publishAsync(`boards/${id}/availability`, '{"spoof":true}', { qos: 1, retain: true });
    }
    boards.get(id)?.ping();
    await waitFor(() => got.some((m) => m.topic === `boards/${id}/event/ping`));
    await new Promise((r) => setTimeout(r, 300));
    expect(boards.get(id)?.received.filter((f) => f.cmd === 'restart')).toEqual([]);
    expect(got.filter((m) => m.payload.includes('spoof'))).toEqual([]);
  });

  it('a restricted operator commands its one board only', async () => {
    const { client } = await as('sms-sender');
    await client.publishAsync(`boards/${other}/command/stat`, '{}', { qos: 1 });
    await client.publishAsync(`boards/${id}/command/stat`, JSON.stringify({ requestId: 'mq-sms-1' }), { qos: 1 });
    expect(await boards.get(id)?.nextFrame((f) => f.cmd === 'stat')).toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(boards.get(other)?.received.filter((f) => f.cmd === 'stat')).toEqual([]);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
