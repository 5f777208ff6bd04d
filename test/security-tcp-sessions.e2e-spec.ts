import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { RawBoardSocket } from './helpers/security-clients';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';

const hello = (devId: string) => ({ devId, type: 100, ip: '10.0.0.9', ssid: 'w', dbm: 50, netCh: 0 });

/**
 * issue 6 "TCP limits": sockets above TCP_MAX_SESSIONS_PER_ADDRESS from one address, or above
 * TCP_MAX_SESSIONS in total, are closed at once and counted; open sessions are not touched.
 */
describe('security: TCP session caps', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const logs = new LogCapture();
  const base = `sts${process.pid}`;
  const open: RawBoardSocket[] = [];
  const bad = (kind: string) => b.metric('bridge_bad_input_total', { kind, transport: 'tcp' });

  /** Opens a board session from `address` and waits until it is online. */
  const session = async (devId: string, localAddress: string) => {
    const s = await RawBoardSocket.open(b.tcpPort, { localAddress });
    open.push(s);
    s.send(hello(devId));
    await probe.next(`${base}/${devId}/event/online`);
    return s;
  };

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, TCP_MAX_SESSIONS: '4', TCP_MAX_SESSIONS_PER_ADDRESS: '2' },
      undefined, { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    for (const s of open) s.destroy();
    await probe.close();
    await b.close();
  });

  it('refuses sockets over the per-address and the total cap; open sessions keep working; capacity comes back', async () => {
    const a1 = await session('a-1', '127.0.0.1');
    await session('a-2', '127.0.0.1');
    for (let i = 0; i < 3; i++) {
      const extra = await RawBoardSocket.open(b.tcpPort, { localAddress: '127.0.0.1' });
      await extra.closed; // closed before any byte: not even the `now` handshake
      expect(extra.frames).toHaveLength(0);
    }
    expect(await bad('address-session-limit')).toBe(3);

    await session('b-1', '127.0.0.2'); // another address still gets in
    await session('b-2', '127.0.0.2');
    const over = await RawBoardSocket.open(b.tcpPort, { localAddress: '127.0.0.3' });
    await over.closed;
    expect(await bad('session-limit')).toBe(1);

    // Open sessions are untouched by the refusals.
    a1.send({ devId: 'a-1', type: 998, netCh: 0, cnt: 1 });
    await probe.next(`${base}/a-1/event/ping`);
    expect(probe.on(new RegExp(`^${base}/.*/availability$`)).map((m) => m.json().state)).not.toContain('offline');

    // A closed session frees its place.
    a1.destroy();
    await eventually(async () => (await b.metric('bridge_sessions', { transport: 'tcp' })) === 3);
    await session('a-3', '127.0.0.1');

    expect(logs.matching(/connection refused/, { kind: 'address-session-limit' })).toHaveLength(1);
    expect(logs.matching(/connection refused/, { kind: 'session-limit' })).toHaveLength(1);
  });
});
