import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { MqttProbe } from './helpers/mqtt-probe';
import { testServices } from './setup/services';

/** The full app with REDIS_URL and no MQTT_URL: embedded brokers clustered through Redis (bridge-contract §1). */
describe('two bridges with embedded brokers clustered through Redis', () => {
  const { redisUrl } = testServices();
  const tag = `app${randomUUID().slice(0, 8)}`;
  const base = `cl${process.pid}`;
  const bridges: BridgeUnderTest[] = [];

  afterAll(async () => {
    await Promise.all(bridges.map((b) => b.close()));
  });

  it("a subscriber on bridge A's broker gets bridge B's retained state, stored under REDIS_KEY_PREFIX", async () => {
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${tag}:`, MQTT_BASE_TOPIC: base };
    bridges.push(await startTestBridge({ ...env, BRIDGE_INSTANCE_ID: `${tag}-a` }));
    bridges.push(await startTestBridge({ ...env, BRIDGE_INSTANCE_ID: `${tag}-b` }));
    const probe = await MqttProbe.connect(bridges[0].mqttUrl, [`${base}/bridge/+/state`]);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const fromB = await probe.until(`${base}/bridge/${tag}-b/state`, (m) => m.json().state === 'online');
      expect(fromB.retain).toBe(true);
      expect(await redis.hkeys(`${tag}:mqtt:retained`)).toEqual(expect.arrayContaining(
        [`${base}/bridge/${tag}-a/state`, `${base}/bridge/${tag}-b/state`]));
    } finally {
      redis.disconnect();
      await probe.close();
    }
  });
});
