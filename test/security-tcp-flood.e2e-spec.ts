import { bringOnline, FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { RawBoardSocket } from './helpers/security-clients';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';

const hello = (devId: string) => ({ devId, type: 100, ip: '10.0.0.9', ssid: 'w', dbm: 50, netCh: 0 });
const pings = (devId: string, from: number, n: number) =>
  [...Array(n).keys()].map((i) => ({ devId, type: 998, netCh: 0, cnt: from + i }));

/**
 * issue 6 "TCP limits": above TCP_MAX_FRAMES_PER_SEC a session's socket is paused, never dropped from
 * (bridge-contract §6: a frame read from a board reaches the broker); a session still over the rate
 * after TCP_THROTTLE_CLOSE_SEC is closed as a flood.
 */
describe('security: TCP frame rate', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let good: FakeBoard;
  const logs = new LogCapture();
  const base = `stf${process.pid}`;
  const events = (devId: string) => probe.on(new RegExp(`^${base}/${devId}/event/`));
  const framesRead = () => b.metric('bridge_frames_received_total');

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, TCP_MAX_FRAMES_PER_SEC: '50', TCP_FRAME_BURST: '50',
      TCP_THROTTLE_CLOSE_SEC: '3' }, undefined, { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    good = await bringOnline(new FakeBoard({ devId: 'good-1', autoAck: false }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    good.destroy();
    await probe.close();
    await b.close();
  });

  it('pauses a burst above the rate and publishes all of it', async () => {
    const s = await RawBoardSocket.open(b.tcpPort);
    s.sendMany([hello('burst-1'), ...pings('burst-1', 1, 119)]);
    await probe.count(`${base}/burst-1/event/ping`, 119, 15_000);
    expect(await b.metric('bridge_bad_input_total', { kind: 'frame-rate' })).toBe(1);
    expect(s.isClosed).toBe(false);
    s.destroy();
  });

  it('closes a session that keeps flooding, after publishing every frame it read; other boards are untouched', async () => {
    const before = await framesRead();
    const s = await RawBoardSocket.open(b.tcpPort);
    s.send(hello('flood-1'));
    let cnt = 1;
    const timer = setInterval(() => { s.sendMany(pings('flood-1', cnt, 40)); cnt += 40; }, 10);
    try {
      await s.closed;
    } finally {
      clearInterval(timer);
    }
    expect(await b.metric('bridge_sessions_closed_total', { reason: 'flood' })).toBe(1);
    expect(await b.metric('bridge_bad_input_total', { kind: 'flood' })).toBe(1);
    const read = (await framesRead()) - before;
    expect(read).toBeLessThan(cnt); // most of the flood was never read...
    await eventually(() => events('flood-1').length === read, 10_000, 'every frame read published'); // ...all read was

    good.ping();
    await probe.next(`${base}/good-1/event/ping`);
    expect(probe.on(`${base}/good-1/availability`).map((m) => m.json().state)).not.toContain('offline');
    expect(logs.matching(/bad board input/, { kind: 'frame-rate' })).toHaveLength(1); // once per minute per source
    expect(logs.matching(/bad board input/, { kind: 'flood' })).toHaveLength(1);
  });
});
