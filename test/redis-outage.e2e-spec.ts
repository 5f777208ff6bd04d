import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { request } from 'undici';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { freePort, startRedis, testServices, waitForPort } from './setup/services';

/**
 * bridge-contract §1/§4 "Redis unavailable": sessions, uplink and local commands keep working; commands that
 * need Redis fail with `routing-unavailable`; readiness says so; on reconnect live sessions are re-claimed.
 */
describe('Redis outage (external broker, one instance)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-redis-'));
  const base = `ro${process.pid}`;
  const prefix = `ro${process.pid}:`;
  const id = '498060944401';
  let port: number;
  let redis: ChildProcess;
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let cmds: CommandClient;
  let board: FakeBoard;

  const startPrivateRedis = async () => {
    redis = startRedis(port, dir);
    await waitForPort(port);
  };
  const stopPrivateRedis = () => new Promise<void>((resolve) => {
    if (redis.exitCode !== null) return resolve();
    redis.once('exit', () => resolve());
    redis.kill('SIGKILL');
  });
  const readiness = async () => {
    const res = await request(`http://127.0.0.1:${t.httpPort}/readyz`);
    return { status: res.statusCode, body: (await res.body.json()) as { checks: Record<string, string> } };
  };
  const ownerRecord = async () => {
    const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      return await client.get(`${prefix}owner:${id}`);
    } finally {
      client.disconnect();
    }
  };

  beforeAll(async () => {
    port = await freePort();
    await startPrivateRedis();
    t = await startTestBridge({ MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base,
      MQTT_SHARED_GROUP: `ro${process.pid}`, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: prefix });
    probe = await MqttProbe.connect(testServices().mosquittoUrl, [`${base}/#`]);
    cmds = new CommandClient(probe, base);
    board = await handshaken(new FakeBoard({ devId: id, answer: realisticBoard }), t.tcpPort);
    await eventually(async () => (await ownerRecord()) !== null, 5000, 'session claimed in Redis');
  });

  afterAll(async () => {
    board.destroy();
    await probe.close();
    await t.close();
    await stopPrivateRedis();
  });

  it('keeps sessions, uplink and local commands working, fails what needs Redis, and reports it', async () => {
    await stopPrivateRedis();
    await eventually(async () => (await readiness()).body.checks.redis === 'down', 5000, 'readiness names redis');
    expect((await readiness()).status).toBe(503);
    board.send({ devId: id, type: 998, netCh: 0, cnt: 7 });
    await probe.until(`${base}/${id}/event/ping`, (m) => m.json<{ data: { count: number } }>().data.count === 7);
    expect(await cmds.lifecycle(await cmds.send(id, 'stat'))).toEqual(['sent', 'acknowledged']);
    const elsewhere = await cmds.reply(await cmds.send('498060944499', 'stat'));
    expect(elsewhere).toMatchObject({ status: 'failed', reason: 'routing-unavailable' });
  });

  it('re-claims the live session once Redis is back (a fresh Redis has no record of it)', async () => {
    await startPrivateRedis();
    await eventually(async () => (await readiness()).status === 200, 10_000, 'ready again');
    await eventually(async () => (await ownerRecord()) !== null, 10_000, 'session re-claimed');
    expect(JSON.parse((await ownerRecord()) as string)).toMatchObject({ instance: expect.any(String) });
  });
});
