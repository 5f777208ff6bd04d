import { request } from 'undici';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { closeAgents, uploadAs } from './helpers/security-clients';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';

const ping = (devId: string, cnt: number) => ({ devId, type: 998, netCh: 0, cnt });

/**
 * issue 6 "HTTP limits": above HTTP_RATE_PER_SEC (+ HTTP_RATE_BURST) from one address, requests get 429
 * before their body is read; every upload answered 200 is still published; other addresses, health and
 * metrics are not limited.
 */
describe('security: HTTP request rate per source address', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const logs = new LogCapture();
  const base = `shr${process.pid}`;

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, HTTP_RATE_PER_SEC: '5', HTTP_RATE_BURST: '10' }, undefined,
      { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    await closeAgents();
    await probe.close();
    await b.close();
  });

  it('answers 429 over the rate, publishes every accepted upload, and leaves other sources alone', async () => {
    const answers = await Promise.all([...Array(40).keys()].map((i) =>
      uploadAs(b.uploadUrl, ping('busy-1', i + 1), 'post-json').then((r) => ({ i: i + 1, status: r.status }))));
    const ok = answers.filter((a) => a.status === 200).map((a) => a.i);
    const limited = answers.filter((a) => a.status === 429);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(limited.length).toBeGreaterThanOrEqual(10); // 40 at once, at most 10 + 5/s let through
    expect(ok.length + limited.length).toBe(40);
    expect(await b.metric('bridge_bad_input_total', { kind: 'rate-limited', transport: 'http' })).toBe(limited.length);

    // Orchestrators and Prometheus still get through from the limited address; so does another address.
    for (const path of ['/healthz', '/metrics']) {
      const res = await request(`http://127.0.0.1:${b.httpPort}${path}`);
      expect(res.statusCode).toBe(200);
      await res.body.text();
    }
    expect(await uploadAs(b.uploadUrl, ping('calm-1', 1), 'post-form', { localAddress: '127.0.0.2' }))
      .toEqual({ status: 200, body: '' });
    await probe.next(`${base}/calm-1/event/ping`);

    // Every upload answered 200 was published, none of the refused ones.
    await eventually(() => probe.on(`${base}/busy-1/event/ping`).length === ok.length);
    await sleep(100);
    const published = probe.on(`${base}/busy-1/event/ping`).map((m) => m.json<{ data: { count: number } }>().data.count);
    expect(published.sort((x, y) => x - y)).toEqual(ok.sort((x, y) => x - y));
    expect(logs.matching(/429/, { kind: 'rate-limited' }).map((l) => l.source)).toEqual(['127.0.0.1']);
  });
});
