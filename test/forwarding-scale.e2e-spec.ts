import Redis from 'ioredis';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { api, forwardingFile, sms } from './helpers/forwarding-fixtures';
import { HttpReceiver, type ReceivedRequest } from './helpers/http-receiver';
import { testServices } from './setup/services';

const TOKEN = 'forwarding-scale-token-1234';
const textOf = (r: ReceivedRequest) => (JSON.parse(r.body.toString()) as { data: { text: string } }).data.text;

/** Two instances sharing Redis (docs/forwarding.md "Several instances"): one cursor, one queue, one set of dead letters. */
describe('forwarding across instances', () => {
  const prefix = `fs${process.pid}:`;
  const rx: HttpReceiver[] = [];
  let dl: HttpReceiver;
  const bridges: BridgeUnderTest[] = [];
  let redis: Redis;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) rx.push(await HttpReceiver.start(`rr${i}`));
    dl = await HttpReceiver.start('dl', 503);
    const files = forwardingFile([
      { name: 'rr', boards: ['rr-*'], targets: rx.map((r, i) => ({ name: `rr${i}`, url: r.url })) },
      { name: 'dl', mode: 'broadcast', boards: ['dl-*'], retry: { attempts: 1 }, targets: [{ name: 'dl-rx', url: dl.url }] },
    ]);
    const env = { BOARDS_FILE: '/forwarding.json', REDIS_URL: testServices().redisUrl, REDIS_KEY_PREFIX: prefix,
      MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: `fs${process.pid}`, MQTT_SHARED_GROUP: `fs${process.pid}`,
      API_TOKEN: TOKEN };
    bridges.push(await startTestBridge(env, files), await startTestBridge(env, files));
    redis = new Redis(testServices().redisUrl);
  });
  afterAll(async () => {
    await Promise.all(bridges.map((b) => b.close()));
    await Promise.all([...rx, dl].map((r) => r.close()));
    await redis.quit();
  });

  it('round-robin rotates exactly over the targets whichever instance receives the messages', async () => {
    const board = new FakeBoard({ devId: 'rr-1' });
    const landed: number[] = [];
    for (let i = 0; i < 12; i++) {
      await board.upload(bridges[i % 2].uploadUrl, sms('rr-1', `m${i}`), 'post-json');
      await eventually(() => rx.reduce((n, r) => n + r.delivered.length, 0) === i + 1, 5000, `message ${i}`);
      landed.push(rx.findIndex((r) => r.delivered.some((q) => textOf(q) === `m${i}`)));
    }
    // No target gets two in a row while others wait: message i lands on target (first + i) mod 3.
    expect(landed).toEqual(landed.map((_, i) => (landed[0] + i) % 3));
    expect(rx.map((r) => r.delivered.length)).toEqual([4, 4, 4]);
    expect(Number(await redis.get(`${prefix}fwd:rr:rr`))).toBe(12);
  });

  it('a burst through both instances rotates too: the cursor and the queue are one step (Lua)', async () => {
    const board = new FakeBoard({ devId: 'rr-2' });
    const before = rx.map((r) => r.delivered.length);
    await Promise.all(Array.from({ length: 9 }, (_, i) => board.upload(bridges[i % 2].uploadUrl, sms('rr-2', `burst${i}`), 'post-json')));
    await eventually(() => rx.reduce((n, r, i) => n + r.delivered.length - before[i], 0) === 9, 5000, 'burst delivered');
    const arrivals = rx.flatMap((r, i) => r.delivered.filter((q) => textOf(q).startsWith('burst')).map((q) => ({ i, at: q.at })))
      .sort((a, b) => a.at - b.at).map((a) => a.i);
    expect(arrivals).toEqual(arrivals.map((_, k) => (arrivals[0] + k) % 3));
  });

  it('dead letters are shared: listed and replayed through either instance', async () => {
    await new FakeBoard({ devId: 'dl-1' }).upload(bridges[0].uploadUrl, sms('dl-1', 'again'), 'post-form');
    const base = (i: number) => `http://127.0.0.1:${bridges[i].httpPort}`;
    let letters: Record<string, unknown>[] = [];
    await eventually(async () => {
      letters = (await api(base(1), TOKEN, 'GET', '/api/forwarding/dead-letters')).json.deadLetters as Record<string, unknown>[];
      return letters.length === 1;
    }, 5000, 'dead letter on instance 2');
    expect(letters[0]).toMatchObject({ rule: 'dl', lane: 'dl/dl-rx', board: 'dl-1', attempts: 1, status: 503 });
    dl.fallback = 200;
    const replay = await api(base(1), TOKEN, 'POST', '/api/forwarding/dead-letters/replay', { all: true });
    expect(replay.json).toEqual({ replayed: [letters[0].id], skipped: [] });
    await eventually(() => dl.delivered.length === 1, 5000, 'replayed delivery');
    expect((await api(base(0), TOKEN, 'GET', '/api/forwarding/dead-letters')).json.deadLetters).toEqual([]);
    expect(await redis.xlen(`${prefix}fwd:lane:dl/dl-rx`)).toBe(0);
  });
});
