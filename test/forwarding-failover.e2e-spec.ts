import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { eventually } from './helpers/bridge-harness';
import { BridgeProcess } from './helpers/bridge-process';
import { FakeBoard } from './helpers/fake-board';
import { sms } from './helpers/forwarding-fixtures';
import { HttpReceiver, type ReceivedRequest } from './helpers/http-receiver';
import { servicesDir, testServices } from './setup/services';

const textOf = (r: ReceivedRequest) => (JSON.parse(r.body.toString()) as { data: { text: string } }).data.text;

/**
 * docs/forwarding.md "Durability": forwards wait in a Redis stream read through one consumer group; when
 * the instance working on a lane is killed (-9) with forwards pending, another takes the lane over once
 * its lease runs out and delivers them, each once and in order.
 */
describe('forwarding when an instance dies', () => {
  const id = `ff${process.pid}`;
  const prefix = `${id}:`;
  const lane = 'crm/crm-rx';
  let rx: HttpReceiver;
  let redis: Redis;
  const procs: BridgeProcess[] = [];

  beforeAll(async () => {
    rx = await HttpReceiver.start('crm', 503);
    redis = new Redis(testServices().redisUrl);
    const file = join(servicesDir(), `${id}-forwarding.json`);
    writeFileSync(file, JSON.stringify({ forwarding: { rules: [{ name: 'crm', mode: 'broadcast', events: ['sms_received'],
      retry: { attempts: 100, baseDelayMs: 100, maxDelayMs: 300 }, targets: [{ name: 'crm-rx', url: rx.url }] }] } }));
    const env = { BOARDS_FILE: file, REDIS_URL: testServices().redisUrl, REDIS_KEY_PREFIX: prefix, FORWARD_LEASE_MS: '1500',
      MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: id, MQTT_SHARED_GROUP: id };
    // A first, so it takes the lane; B then waits for the lease.
    procs.push(await BridgeProcess.start({ instanceId: `${id}-a`, env }));
    await eventually(async () => (await redis.get(`${prefix}fwd:lease:${lane}`)) === `${id}-a`, 5000, 'A holds the lane');
    procs.push(await BridgeProcess.start({ instanceId: `${id}-b`, env }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await rx.close();
    await redis.quit();
  });

  it('kill -9 with pending forwards: the other instance delivers them, each once, in order', async () => {
    const [a, b] = procs;
    const board = new FakeBoard({ devId: `${id}-board` });
    for (let i = 0; i < 5; i++) {
      expect((await board.upload(`${b.httpUrl}/upload`, sms(board.devId, `p${i}`), 'post-json')).status).toBe(200);
    }
    // A is retrying the first (503s) and holds all five as pending in the group.
    await eventually(async () => pendingOf(`${id}-a`).then((n) => n === 5), 5000, 'five pending on A');
    await eventually(() => rx.requests.length >= 2, 5000, 'A retrying');
    await a.kill();
    rx.fallback = 200;
    await eventually(() => rx.delivered.length === 5, 15_000, 'delivered by B');
    expect(rx.delivered.map(textOf)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(await redis.get(`${prefix}fwd:lease:${lane}`)).toBe(`${id}-b`);
    await eventually(async () => (await redis.xlen(`${prefix}fwd:lane:${lane}`)) === 0, 3000, 'stream emptied');
    expect(await pendingOf(`${id}-a`)).toBe(0);
    // Nothing more arrives later: each forward was sent once.
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.delivered).toHaveLength(5);
  }, 40_000);

  async function pendingOf(consumer: string): Promise<number> {
    const summary = await redis.xpending(`${prefix}fwd:lane:${lane}`, 'forwarders') as [number, string, string, [string, string][] | null];
    return Number(summary[3]?.find(([c]) => c === consumer)?.[1] ?? 0);
  }
});
