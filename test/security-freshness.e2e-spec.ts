import { bringOnline, FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';

const KEY = { key: '1234567890123456', iv: '6543210987654321' };
const registry = JSON.stringify({ boards: { 'enc-1': { aesKey: KEY.key, aesIv: KEY.iv } } });
const sms = (devId: string, smsTm: number, text: string) => ({ devId, type: 501, slot: 1, phNum: '10086',
  smsBd: text, charset: 'utf8', smsTm, netCh: 0 });

/**
 * issue 6 "Replay and freshness" (board-protocol §4.5: no nonce, so captured ciphertext replays at will):
 * an encrypted message older than FRESHNESS_WINDOW_SEC is dropped; a fresh replay is caught by dedup.
 */
describe('security: freshness of encrypted messages', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let board: FakeBoard;
  const logs = new LogCapture();
  const base = `sfr${process.pid}`;
  const texts = (devId: string) => probe.on(`${base}/${devId}/event/sms_received`)
    .map((m) => m.json<{ data: { text: string } }>().data.text);

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, BOARDS_FILE: '/b.json', FRESHNESS_WINDOW_SEC: '3600' },
      { '/b.json': registry }, { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    board = await bringOnline(new FakeBoard({ devId: 'enc-1', aes: KEY }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    board.destroy();
    await probe.close();
    await b.close();
  });

  it('drops stale encrypted messages on both transports, publishes fresh ones once, leaves plaintext alone', async () => {
    const now = Date.now();
    board.send(sms('enc-1', now - 1000, 'fresh'));
    await eventually(() => texts('enc-1').includes('fresh'));

    const twoHoursAgo = now - 2 * 3_600_000;
    board.send(sms('enc-1', twoHoursAgo, 'stale-tcp'));
    expect(await board.upload(`${b.uploadUrl}/enc-1`, sms('enc-1', twoHoursAgo, 'stale-http'), 'post-json'))
      .toEqual({ status: 200, body: '' });
    await eventually(async () => (await b.metric('bridge_bad_input_total', { kind: 'stale' })) === 2);

    // A replay of the fresh message inside the dedup window is published once (duplicates counted).
    const dupBefore = await b.metric('bridge_duplicates_suppressed_total');
    board.send(sms('enc-1', now - 1000, 'fresh'));
    await eventually(async () => (await b.metric('bridge_duplicates_suppressed_total')) === dupBefore + 1);

    // Plaintext carries no proof of anything, so its time is not judged: an old message still arrives.
    await new FakeBoard({ devId: 'plain-1' }).upload(b.uploadUrl, sms('plain-1', twoHoursAgo, 'queued'), 'post-form');
    await eventually(() => texts('plain-1').includes('queued'));

    board.send(sms('enc-1', Date.now(), 'after'));
    await eventually(() => texts('enc-1').includes('after'));
    await sleep(100);
    expect(texts('enc-1')).toEqual(['fresh', 'after']);
    expect(logs.matching(/bad board input/, { kind: 'stale' })).toHaveLength(1);
    expect(logs.matching(/bad board upload/, { kind: 'stale' })).toHaveLength(1);
  });
});
