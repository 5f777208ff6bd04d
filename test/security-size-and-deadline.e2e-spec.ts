import { connect } from 'node:net';
import { request } from 'undici';
import { bringOnline, FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { RawBoardSocket } from './helpers/security-clients';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';

/**
 * issue 6 "TCP limits" / "HTTP limits" that predate it: MAX_FRAME_BYTES closes the session,
 * HANDSHAKE_TIMEOUT_MS closes a socket that never identifies, UPLOAD_MAX_BYTES answers 413. Each is
 * counted, logged once per minute per source, and leaves other boards alone.
 */
describe('security: frame size, handshake deadline, body size', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let good: FakeBoard;
  const logs = new LogCapture();
  const base = `ssd${process.pid}`;
  let cnt = 0;
  const goodStillWorks = async () => {
    good.ping();
    cnt += 1;
    await probe.until(`${base}/good-1/event/ping`, (m) => m.json<{ data: { count: number } }>().data.count === cnt);
  };

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, MAX_FRAME_BYTES: '1024', UPLOAD_MAX_BYTES: '2048',
      HANDSHAKE_TIMEOUT_MS: '500' }, undefined, { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    good = await bringOnline(new FakeBoard({ devId: 'good-1' }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    good.destroy();
    await probe.close();
    await b.close();
  });

  it('closes sessions that send oversized frames, after publishing what came before', async () => {
    for (const devId of ['big-1', 'big-2']) {
      const s = await RawBoardSocket.open(b.tcpPort);
      s.send({ devId, type: 100, ip: '10.0.0.9', ssid: 'w', dbm: 50, netCh: 0 });
      s.send({ devId, type: 998, netCh: 0, cnt: 1 });
      s.send({ devId, type: 501, smsBd: 'x'.repeat(4000) });
      await s.closed;
      await probe.next(`${base}/${devId}/event/ping`); // accepted before the oversized frame: not lost
    }
    expect(await b.metric('bridge_bad_input_total', { kind: 'frame-too-large' })).toBe(2);
    expect(logs.matching(/bad board input/, { kind: 'frame-too-large' })).toHaveLength(1);
    await goodStillWorks();
  });

  it('closes sockets that never identify at the handshake deadline', async () => {
    for (let i = 0; i < 2; i++) {
      const socket = connect(b.tcpPort, '127.0.0.1');
      socket.resume();
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    }
    expect(await b.metric('bridge_sessions_closed_total', { reason: 'handshake-timeout' })).toBe(2);
    expect(logs.matching(/no valid frame/, { kind: 'handshake-timeout' })).toHaveLength(1);
    await goodStillWorks();
  });

  it('answers oversized uploads 413, counted', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await request(b.uploadUrl, { method: 'POST', body: `devId=x&type=501&smsBd=${'y'.repeat(5000)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(413);
      await res.body.text();
    }
    expect(await b.metric('bridge_bad_input_total', { kind: 'body-too-large', transport: 'http' })).toBe(2);
    expect(logs.matching(/413/, { kind: 'body-too-large' })).toHaveLength(1);
    const ok = await good.upload(b.uploadUrl, { devId: 'good-1', type: 998, netCh: 0, cnt: 99 }, 'post-form');
    expect(ok.status).toBe(200);
    await goodStillWorks();
  });
});
