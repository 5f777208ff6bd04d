import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';

/**
 * issue 6 "TCP limits": TCP_IDLE_TIMEOUT_SEC caps the silence of an identified session below the liveness
 * deadline (3 × ping interval + slack, here 345 s); a board that keeps talking is not affected.
 */
describe('security: TCP idle timeout', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const base = `sti${process.pid}`;

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, TCP_IDLE_TIMEOUT_SEC: '3' });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    await probe.close();
    await b.close();
  });

  it('closes a silent session as ping-timeout; a talking one stays', async () => {
    const silent = new FakeBoard({ devId: 'quiet-1' });
    const talker = new FakeBoard({ devId: 'talk-1' });
    for (const fb of [silent, talker]) {
      await fb.connect(b.tcpPort);
      fb.hello();
      await probe.next(`${base}/${fb.devId}/event/online`);
    }
    const timer = setInterval(() => talker.ping(), 100);
    try {
      await silent.closed;
      const offline = await probe.until(`${base}/quiet-1/availability`, (m) => m.json().state === 'offline');
      expect(offline.json()).toMatchObject({ reason: 'ping-timeout' });
      expect(await b.metric('bridge_sessions_closed_total', { reason: 'idle-timeout' })).toBe(1);
      const before = probe.on(`${base}/talk-1/event/ping`).length;
      await eventually(() => probe.on(`${base}/talk-1/event/ping`).length > before + 2);
      expect(probe.on(`${base}/talk-1/availability`).map((m) => m.json().state)).not.toContain('offline');
    } finally {
      clearInterval(timer);
      talker.destroy();
    }
  });
});
