import { bringOnline, FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { closeAgents, RawBoardSocket, uploadAs } from './helpers/security-clients';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';

const registry = 'allowlist: true\nboards:\n  "good-1": {}\n';

/** issue 6 "Boards": unknown devIds are refused on both transports, counted, logged once per minute per source. */
describe('security: allowlist', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let good: FakeBoard;
  const logs = new LogCapture();
  const base = `sal${process.pid}`;
  const bad = (transport: string) => b.metric('bridge_bad_input_total', { kind: 'not-allowed', transport });

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, BOARDS_FILE: 'r.yaml' }, { 'r.yaml': registry },
      { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    good = await bringOnline(new FakeBoard({ devId: 'good-1' }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    good.destroy();
    await closeAgents();
    await probe.close();
    await b.close();
  });

  it('refuses many unknown boards from two addresses; one log line per source; the listed board is untouched', async () => {
    good.ping();
    await probe.count(`${base}/good-1/event/ping`, 1);
    const strangers = [...Array(5).keys()].map((i) => ['127.0.0.1', `x-${i}`])
      .concat([['127.0.0.2', 'y-1'], ['127.0.0.2', 'y-2'], ['127.0.0.2', 'good-1x']]);
    for (const [localAddress, devId] of strangers) {
      const s = await RawBoardSocket.open(b.tcpPort, { localAddress });
      s.send({ devId, type: 100, ip: '10.0.0.9', ssid: 'w', dbm: 50, netCh: 0 });
      await s.closed; // TCP closed after the first frame
      const res = await uploadAs(b.uploadUrl, { devId, type: 998, netCh: 0, cnt: 1 }, 'post-form', { localAddress });
      expect(res).toEqual({ status: 200, body: '' }); // HTTP answered like a good upload, and dropped
    }
    expect(await bad('tcp')).toBe(strangers.length);
    expect(await bad('http')).toBe(strangers.length);

    const tcpLines = logs.matching(/bad board input/, { kind: 'not-allowed' });
    expect(tcpLines.map((l) => String(l.remote).split(':')[0]).sort()).toEqual(['127.0.0.1', '127.0.0.2']);
    const httpLines = logs.matching(/bad board upload/, { kind: 'not-allowed' });
    expect(httpLines.map((l) => l.source).sort()).toEqual(['127.0.0.1', '127.0.0.2']);

    // Nothing from the strangers reached the broker; the listed board's session was never displaced.
    expect(probe.on(new RegExp(`^${base}/(x|y|good-1x)`))).toHaveLength(0);
    good.ping();
    await probe.count(`${base}/good-1/event/ping`, 2);
    expect(probe.on(`${base}/good-1/availability`).map((m) => m.json().state)).not.toContain('offline');
    await eventually(async () => (await b.metric('bridge_sessions', { transport: 'tcp' })) === 1);
  });
});
