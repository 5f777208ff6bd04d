import { request } from 'undici';
import { FakeBoard, type UploadEncoding } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { testServices } from './setup/services';

const KEY = '1234567890123456';
const IV = '6543210987654321';
const registry = JSON.stringify({ boards: { 'aes-1': { aesKey: KEY, aesIv: IV } } });
const encodings: UploadEncoding[] = ['get-form', 'get-json', 'post-form', 'post-json'];

const modes: [string, () => Record<string, string>][] = [
  ['embedded aedes', () => ({})],
  ['external Mosquitto', () => ({ MQTT_URL: testServices().mosquittoUrl })],
];

describe.each(modes)('HTTP uploads → MQTT (%s)', (mode, env) => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const base = `h${process.pid}${mode.startsWith('e') ? 'a' : 'b'}`;

  beforeAll(async () => {
    b = await startTestBridge({ ...env(), MQTT_BASE_TOPIC: base, BOARDS_FILE: '/boards.json' },
      { '/boards.json': registry });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    await probe.close();
    await b.close();
  });

  describe.each([['plain', 'plain-1', undefined], ['AES', 'aes-1', { key: KEY, iv: IV }]] as const)(
    '%s', (_kind, devId, aes) => {
      it.each(encodings)('%s: an SMS arrives as sms_received, the board online over http', async (encoding) => {
        const fb = new FakeBoard({ devId: `${devId}`, aes: aes ? { ...aes } : undefined });
        const smsTm = Date.now() + encodings.indexOf(encoding);
        const res = await fb.upload(b.uploadUrl, { devId, type: 501, slot: 1, phNum: '10086',
          smsBd: `查话费 ${encoding}`, charset: 'utf8', smsTm, netCh: 0 }, encoding);
        expect(res).toEqual({ status: 200, body: '' });
        const events = await probe.count(`${base}/${devId}/event/sms_received`, encodings.indexOf(encoding) + 1);
        expect(events.at(-1)?.json()).toMatchObject({ board: devId, transport: 'http',
          data: { slot: 1, from: '10086', text: `查话费 ${encoding}` } });
        expect((await probe.next(`${base}/${devId}/availability`)).json()).toMatchObject({ state: 'online',
          transport: 'http' });
      });
    });

  it.each(encodings)('%s: answers type 100 with the 14-digit board time (board-protocol §1.2)', async (encoding) => {
    const fb = new FakeBoard({ devId: 'time-1' });
    const res = await fb.upload(b.uploadUrl, { devId: 'time-1', type: 100, ip: '192.168.7.170', ssid: 'my%20wifi',
      dbm: 61, netCh: 0 }, encoding);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^20\d{12}$/);
    const online = await probe.next(`${base}/time-1/event/online`);
    expect(online.json()).toMatchObject({ data: { ssid: 'my wifi' } });
  });

  it('accepts uploads on any path below /upload, the last segment naming the board', async () => {
    const fb = new FakeBoard({ devId: 'aes-1', aes: { key: KEY, iv: IV } });
    const res = await fb.upload(`${b.uploadUrl}/x/aes-1`, { devId: 'aes-1', type: 998, cnt: 41, netCh: 0 }, 'post-json');
    expect(res.status).toBe(200);
    expect((await probe.next(`${base}/aes-1/event/ping`)).json()).toMatchObject({ data: { count: 41 } });
  });

  it('publishes an upload sent twice (round-robin retry) once', async () => {
    const fb = new FakeBoard({ devId: 'dup-h' });
    const msg = { devId: 'dup-h', type: 501, slot: 1, phNum: '1', smsBd: 'x', smsTm: 1700000000001, netCh: 0 };
    await fb.upload(b.uploadUrl, msg, 'post-form');
    await fb.upload(b.uploadUrl, msg, 'post-json');
    await fb.upload(b.uploadUrl, { devId: 'dup-h', type: 998, cnt: 1, netCh: 0 }, 'post-json');
    await probe.next(`${base}/dup-h/event/ping`);
    expect(probe.on(`${base}/dup-h/event/sms_received`)).toHaveLength(1);
  });

  it('answers a multipart upload too', async () => {
    const boundary = 'XyZ';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="devId"', '', 'mp-1',
      `--${boundary}`, 'Content-Disposition: form-data; name="type"', '', '998',
      `--${boundary}`, 'Content-Disposition: form-data; name="cnt"', '', '3', `--${boundary}--`, ''].join('\r\n');
    const res = await request(b.uploadUrl, { method: 'POST', body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    expect((await probe.next(`${base}/mp-1/event/ping`)).json()).toMatchObject({ data: { count: 3 } });
  });
});
