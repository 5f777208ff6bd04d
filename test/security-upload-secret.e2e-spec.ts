import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { closeAgents, uploadAs } from './helpers/security-clients';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';

const SECRET = 'Xy7-board-secret.2026';
const registry = JSON.stringify({ boards: { 'sec-1': { uploadSecret: SECRET }, 'open-1': {} } });

/**
 * issue 6 "Boards": a board with `uploadSecret` must carry it in its URL or a header (board-protocol §1.1:
 * the board puts fixed text in both); uploads without it are answered 200 (no oracle) and dropped.
 */
describe('security: upload secret', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const logs = new LogCapture();
  const base = `sus${process.pid}`;
  const ping = (cnt: number) => ({ devId: 'sec-1', type: 998, netCh: 0, cnt });
  const counts = () => probe.on(`${base}/sec-1/event/ping`).map((m) => m.json<{ data: { count: number } }>().data.count);

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, BOARDS_FILE: '/b.json' }, { '/b.json': registry },
      { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    await closeAgents();
    await probe.close();
    await b.close();
  });

  it('accepts the secret in the path, the query or a header; refuses uploads without it or with a wrong one', async () => {
    const basic = `Basic ${Buffer.from(`board:${SECRET}`).toString('base64')}`;
    const good: [string, Record<string, string>][] = [
      [`${b.uploadUrl}/secret/${SECRET}/sec-1`, {}],
      [`${b.uploadUrl}?secret=${SECRET}`, {}],
      [b.uploadUrl, { 'x-board-secret': SECRET }],
      [b.uploadUrl, { authorization: basic }],
    ];
    for (const [i, [url, headers]] of good.entries()) {
      expect(await uploadAs(url, ping(i + 1), i % 2 ? 'get-form' : 'post-json', { headers })).toEqual({ status: 200, body: '' });
    }
    const refused: [string, Record<string, string>][] = [
      [`${b.uploadUrl}/sec-1`, {}],
      [`${b.uploadUrl}?secret=wrong-wrong-wrong-wrong`, {}],
      [b.uploadUrl, { authorization: 'Bearer nope' }],
    ];
    for (const [i, [url, headers]] of refused.entries()) {
      expect(await uploadAs(url, ping(100 + i), 'get-form', { headers })).toEqual({ status: 200, body: '' });
    }
    expect(await uploadAs(b.uploadUrl, ping(103), 'get-form', { localAddress: '127.0.0.2' })).toEqual({ status: 200, body: '' });

    await eventually(() => counts().length === 4);
    expect(await b.metric('bridge_bad_input_total', { kind: 'bad-secret', transport: 'http' })).toBe(4);
    // The query secret is a credential, not a board field: it never reaches the event.
    expect(probe.on(`${base}/sec-1/event/ping`).map((m) => m.payload).join()).not.toContain(SECRET);
    expect(logs.matching(/bad board upload/, { kind: 'bad-secret' }).map((l) => l.source).sort())
      .toEqual(['127.0.0.1', '127.0.0.2']);
    expect(logs.text).not.toContain(SECRET);

    // A board without a secret is not affected; nothing accepted went missing.
    await uploadAs(b.uploadUrl, { devId: 'open-1', type: 998, netCh: 0, cnt: 1 }, 'post-form');
    await probe.next(`${base}/open-1/event/ping`);
    await sleep(100);
    expect(counts().sort()).toEqual([1, 2, 3, 4]);
  });
});
