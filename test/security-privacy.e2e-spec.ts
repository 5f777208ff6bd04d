import { request } from 'undici';
import { FakeBoard } from './helpers/fake-board';
import { LogCapture } from './helpers/log-capture';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';

const API_TOKEN = 'full-token-0123456789';
const READONLY = 'read-only-token-0123456789';
const MSISDN = '+8613206411822';
const SENDER = '13800138000';
const TEXT = 'your login code is 4711';

/**
 * issue 6 "Privacy": phone numbers and SMS text never reach the log at info level nor a metric label,
 * and the HTTP API masks them for API_READONLY_TOKEN, which may only read.
 */
describe('security: privacy', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let board: FakeBoard;
  const logs = new LogCapture('info');
  const base = `spv${process.pid}`;
  const api = async (path: string, token: string, method: 'GET' | 'POST' = 'GET') => {
    const res = await request(`http://127.0.0.1:${b.httpPort}${path}`, { method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'POST' ? JSON.stringify({ slot: 1, to: SENDER, text: TEXT }) : undefined });
    return { status: res.statusCode, text: await res.body.text() };
  };

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, API_TOKEN, API_READONLY_TOKEN: READONLY }, undefined,
      { logger: logs.logger });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    board = new FakeBoard({ devId: 'p-1' });
    await board.connect(b.tcpPort);
    board.hello();
    board.send({ devId: 'p-1', type: 204, slot: 1, imsi: '460011234567890', iccId: '898607D3161990212345',
      msIsdn: MSISDN, dbm: 60, netCh: 0 });
    board.send({ devId: 'p-1', type: 501, slot: 1, phNum: SENDER, smsBd: TEXT, charset: 'utf8', smsTm: Date.now(), netCh: 0 });
    await probe.next(`${base}/p-1/event/sms_received`);
  });
  afterAll(async () => {
    board.destroy();
    await probe.close();
    await b.close();
  });

  it('keeps numbers and SMS text out of info logs, even from broken frames and uploads', async () => {
    // JSON.parse quotes short inputs whole in its error ("Unexpected token 'o', "[…]" is not valid JSON").
    board.writeRaw(`["${SENDER}",nope]\x11\x12`);
    const res = await request(b.uploadUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: `["${SENDER}",nope]` });
    await res.body.text();
    await eventually(() => logs.matching(/bad board (input|upload)/, { kind: 'frame-syntax' }).length === 2);
    board.ping();
    await probe.next(`${base}/p-1/event/ping`); // the board is unaffected by its own broken frame
    expect(logs.lines.length).toBeGreaterThan(2);
    expect(logs.text).not.toContain(SENDER);
    expect(logs.text).not.toContain(MSISDN.slice(1));
    expect(logs.text).not.toContain('4711');
  });

  it('never uses them as metric labels', async () => {
    const res = await request(`http://127.0.0.1:${b.httpPort}/metrics`);
    const text = await res.body.text();
    expect(text).toContain('bridge_events_published_total');
    expect(text).not.toContain(SENDER);
    expect(text).not.toContain(MSISDN.slice(1));
  });

  it('masks them for the read-only API token, which may only read; the full token sees them', async () => {
    await eventually(async () => (await api('/api/boards/p-1', API_TOKEN)).text.includes(MSISDN));
    const full = JSON.parse((await api('/api/boards/p-1', API_TOKEN)).text);
    expect(full.state.slots['1'].msisdn).toBe(MSISDN);

    const ro = await api('/api/boards/p-1', READONLY);
    expect(ro.status).toBe(200);
    expect(ro.text).not.toContain(MSISDN.slice(1));
    expect(JSON.parse(ro.text).state.slots['1']).toMatchObject({ msisdn: '********1822', imsi: '460011234567890' });
    const list = await api('/api/boards', READONLY);
    expect(list.status).toBe(200);
    expect(list.text).toContain('p-1');
    expect(list.text).not.toContain(MSISDN.slice(1));

    expect((await api('/api/boards/p-1/commands/sendsms', READONLY, 'POST')).status).toBe(403);
    expect((await api('/api/boards', 'wrong-token-0123456789')).status).toBe(401);
    expect(probe.on(new RegExp(`^${base}/p-1/command/`))).toHaveLength(0); // the refused command was not sent
  });
});
