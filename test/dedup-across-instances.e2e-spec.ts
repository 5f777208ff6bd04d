import { type BridgeUnderTest, sleep, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { testServices } from './setup/services';

/**
 * bridge-contract §6: a board message delivered twice (a round-robin retry landing on another instance)
 * is published once: the eventId is deduplicated across instances through Redis (SET NX EX).
 */
describe('dedup across instances', () => {
  const base = `dd${process.pid}`;
  const bridges: BridgeUnderTest[] = [];
  let probe: MqttProbe;

  beforeAll(async () => {
    const env = { MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base, MQTT_SHARED_GROUP: base,
      REDIS_URL: testServices().redisUrl, REDIS_KEY_PREFIX: `${base}:` };
    bridges.push(await startTestBridge(env), await startTestBridge(env));
    probe = await MqttProbe.connect(testServices().mosquittoUrl, [`${base}/+/event/#`]);
  });

  afterAll(async () => {
    await probe.close();
    await Promise.all(bridges.map((b) => b.close()));
  });

  it('the same SMS uploaded to two instances is published once; a different one is not swallowed', async () => {
    const board = new FakeBoard({ devId: '498060933301' });
    const sms = { devId: '498060933301', type: 501, slot: 1, phNum: '10086', smsBd: 'twice', smsTm: 1700000000123,
      netCh: 0 };
    expect((await board.upload(bridges[0].uploadUrl, sms, 'post-form')).status).toBe(200);
    expect((await board.upload(bridges[1].uploadUrl, sms, 'post-json')).status).toBe(200);
    await board.upload(bridges[1].uploadUrl, { ...sms, smsBd: 'other', smsTm: 1700000000999 }, 'post-form');
    await probe.count(`${base}/498060933301/event/sms_received`, 2);
    await sleep(200);
    const texts = probe.on(`${base}/498060933301/event/sms_received`)
      .map((m) => m.json<{ data: { text: string } }>().data.text);
    expect(texts.sort()).toEqual(['other', 'twice']);
    expect(await bridges[1].metric('bridge_duplicates_suppressed_total')).toBe(1);
  });
});
