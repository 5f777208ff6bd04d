import { bringOnline, FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';

const KEY_A = { key: '1234567890123456', iv: '6543210987654321' };
const KEY_B = { key: 'abcdefghijklmnop', iv: 'ponmlkjihgfedcba' };
const registry = JSON.stringify({ boards: {
  'enc-1': { aesKey: KEY_A.key, aesIv: KEY_A.iv, requireEncryption: true },
  'other-1': { aesKey: KEY_B.key, aesIv: KEY_B.iv },
} });

/**
 * issue 6 "Boards": `requireEncryption` drops plaintext (board-protocol §4), and a message for a keyed board
 * decrypted with another board's key is refused too (§4.5: the key is the board's only credential).
 */
describe('security: requireEncryption', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let real: FakeBoard;
  const logs = new LogCapture();
  const base = `sen${process.pid}`;
  const bad = (kind: string, transport: string) => b.metric('bridge_bad_input_total', { kind, transport });
  const pings = () => probe.on(`${base}/enc-1/event/ping`).map((m) => m.json<{ data: { count: number } }>().data.count);

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, BOARDS_FILE: '/b.json', HANDSHAKE_TIMEOUT_MS: '1000' },
      { '/b.json': registry }, { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    real = await bringOnline(new FakeBoard({ devId: 'enc-1', aes: KEY_A }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    real.destroy();
    await probe.close();
    await b.close();
  });

  it('drops plaintext and foreign-key frames and uploads; the real board keeps its session and its events', async () => {
    real.send({ devId: 'enc-1', type: 998, netCh: 0, cnt: 1 });
    await eventually(() => pings().includes(1));

    // A forger without the key, and one with another board's key, both speaking as enc-1 over TCP.
    const plain = new FakeBoard({ devId: 'enc-1' });
    const foreign = new FakeBoard({ devId: 'enc-1', aes: KEY_B });
    for (const f of [plain, foreign]) {
      await f.connect(b.tcpPort);
      f.hello();
      f.send({ devId: 'enc-1', type: 998, netCh: 0, cnt: 666 });
    }
    await eventually(async () => (await bad('plaintext', 'tcp')) === 2 && (await bad('wrong-key', 'tcp')) === 2);
    await Promise.all([plain.closed, foreign.closed]); // never identified: closed at the handshake deadline

    // Over HTTP: plaintext and foreign-key uploads are answered 200 and dropped; the real board's arrive.
    const res = await plain.upload(`${b.uploadUrl}/enc-1`, { devId: 'enc-1', type: 998, netCh: 0, cnt: 667 }, 'post-json');
    expect(res).toEqual({ status: 200, body: '' });
    await foreign.upload(b.uploadUrl, { devId: 'enc-1', type: 998, netCh: 0, cnt: 668 }, 'get-form');
    expect(await bad('plaintext', 'http')).toBe(1);
    expect(await bad('wrong-key', 'http')).toBe(1);
    await real.upload(`${b.uploadUrl}/enc-1`, { devId: 'enc-1', type: 998, netCh: 0, cnt: 2 }, 'post-form');

    real.send({ devId: 'enc-1', type: 998, netCh: 0, cnt: 3 });
    await eventually(() => pings().includes(2) && pings().includes(3));
    await sleep(100);
    expect(pings().sort()).toEqual([1, 2, 3]); // nothing forged published, nothing accepted lost
    const states = probe.on(`${base}/enc-1/availability`).map((m) => m.json<{ state: string; transport: string }>());
    expect(states.filter((s) => s.state === 'offline')).toHaveLength(0); // the real session was never replaced

    // One log line per kind and source, however many refusals.
    expect(logs.matching(/bad board input/, { kind: 'plaintext' })).toHaveLength(1);
    expect(logs.matching(/bad board input/, { kind: 'wrong-key' })).toHaveLength(1);
  });
});
