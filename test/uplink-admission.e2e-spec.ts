import { bringOnline, FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, sleep, startTestBridge } from './helpers/bridge-harness';

const registry = `allowlist: true
boards:
  "tcp-only": { transports: [tcp] }
  "http-only": { transports: [http] }
`;

/** bridge-contract §1 registry: the allowlist and each board's allowed transports, refused and counted. */
describe('board admission (allowlist and transports)', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const base = `adm${process.pid}`;
  const bad = (kind: string, transport: string) => b.metric('bridge_bad_input_total', { kind, transport });

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, BOARDS_FILE: 'r.yaml' }, { 'r.yaml': registry });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    await probe.close();
    await b.close();
  });

  it('an unlisted board over TCP is closed after its first frame and counted', async () => {
    const fb = new FakeBoard({ devId: 'stranger' });
    await fb.connect(b.tcpPort);
    const closed = fb.closed;
    fb.hello();
    await closed;
    expect(await bad('not-allowed', 'tcp')).toBe(1);
    expect(probe.on(new RegExp(`^${base}/stranger/`))).toHaveLength(0);
  });

  it('an unlisted board over HTTP is answered 200, dropped and counted', async () => {
    const res = await new FakeBoard({ devId: 'stranger' }).upload(b.uploadUrl,
      { devId: 'stranger', type: 998, netCh: 0, cnt: 1 }, 'post-form');
    expect(res.status).toBe(200);
    expect(await bad('not-allowed', 'http')).toBe(1);
  });

  it('a board allowed over HTTP only may not open a TCP session', async () => {
    const fb = new FakeBoard({ devId: 'http-only' });
    await fb.connect(b.tcpPort);
    const closed = fb.closed;
    fb.hello();
    await closed;
    expect(await bad('transport-not-allowed', 'tcp')).toBe(1);
  });

  it('a board allowed over TCP only has its uploads dropped and counted', async () => {
    const res = await new FakeBoard({ devId: 'tcp-only' }).upload(b.uploadUrl,
      { devId: 'tcp-only', type: 998, netCh: 0, cnt: 1 }, 'get-json');
    expect(res.status).toBe(200);
    expect(await bad('transport-not-allowed', 'http')).toBe(1);
    await sleep(100);
    expect(probe.on(`${base}/tcp-only/event/ping`)).toHaveLength(0);
  });

  it('listed boards on their allowed transport work', async () => {
    const fb = await bringOnline(new FakeBoard({ devId: 'tcp-only' }), b.tcpPort, probe, base);
    fb.destroy();
    await new FakeBoard({ devId: 'http-only' }).upload(b.uploadUrl, { devId: 'http-only', type: 998, netCh: 0, cnt: 2 },
      'post-json');
    await probe.next(`${base}/http-only/event/ping`);
  });
});
