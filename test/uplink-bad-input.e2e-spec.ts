import { connect } from 'node:net';
import { request } from 'undici';
import { bringOnline, FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';

const registry = JSON.stringify({ boards: { 'enc-1': { aesKey: '1234567890123456', aesIv: '6543210987654321' } } });

describe('bad board input: a clear metric, never a crash, other boards unaffected', () => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  let good: FakeBoard;
  const base = `bad${process.pid}`;
  const bad = (kind: string, transport = 'tcp') => b.metric('bridge_bad_input_total', { kind, transport });

  /** The good board still gets its events through after each bad input. */
  const goodBoardStillWorks = async (cnt: number) => {
    good.send({ devId: 'good-1', type: 998, netCh: 0, cnt });
    await eventually(() => probe.on(`${base}/good-1/event/ping`).some((m) => m.json<{ data: { count: number } }>().data.count === cnt));
  };

  beforeAll(async () => {
    b = await startTestBridge({ MQTT_BASE_TOPIC: base, HANDSHAKE_TIMEOUT_MS: '400', MAX_FRAME_BYTES: '1024',
      UPLOAD_MAX_BYTES: '2048', BOARDS_FILE: '/b.json' }, { '/b.json': registry });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
    good = await bringOnline(new FakeBoard({ devId: 'good-1' }), b.tcpPort, probe, base);
  });
  afterAll(async () => {
    good.destroy();
    await probe.close();
    await b.close();
  });

  it('garbage bytes are counted and the session survives', async () => {
    const fb = new FakeBoard({ devId: 'g-1' });
    await fb.connect(b.tcpPort);
    fb.hello();
    fb.writeRaw(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x11, 0x12]));
    fb.ping();
    expect((await probe.next(`${base}/g-1/event/ping`)).json()).toMatchObject({ board: 'g-1' });
    expect(await bad('frame-syntax')).toBeGreaterThanOrEqual(1);
    await goodBoardStillWorks(1);
    fb.destroy();
  });

  it('invalid JSON between valid frames is dropped, the frames around it arrive', async () => {
    const fb = new FakeBoard({ devId: 'j-1' });
    await fb.connect(b.tcpPort);
    fb.hello();
    const before = await bad('frame-syntax');
    fb.writeRaw(Buffer.concat([Buffer.from('{"devId":"j-1","type":998,"cnt":1}\x11\x12{"devId":"j-1",'),
      Buffer.from('\x11\x12{"devId":"j-1","type":998,"cnt":2}\x11\x12')]));
    await probe.count(`${base}/j-1/event/ping`, 2);
    expect(await bad('frame-syntax')).toBe(before + 1);
    fb.destroy();
  });

  it('a frame without devId before the board identified itself is counted', async () => {
    const fb = new FakeBoard({ devId: 'n-1' });
    await fb.connect(b.tcpPort);
    fb.writeRaw('{"type":998,"cnt":1}\x11\x12');
    await eventually(async () => (await bad('no-devid')) >= 1);
    fb.hello();
    await probe.next(`${base}/n-1/event/online`);
    fb.destroy();
  });

  it('an oversized frame closes that session only', async () => {
    const fb = await bringOnline(new FakeBoard({ devId: 'big-1' }), b.tcpPort, probe, base);
    fb.writeRaw(`{"devId":"big-1","type":501,"smsBd":"${'x'.repeat(4000)}"}\x11\x12`);
    await fb.closed;
    expect(await bad('frame-too-large')).toBe(1);
    expect((await probe.until(`${base}/big-1/availability`, (m) => m.json().state === 'offline')).json())
      .toMatchObject({ state: 'offline', reason: 'closed' });
    await goodBoardStillWorks(2);
  });

  it('a socket that never speaks is closed after the handshake timeout', async () => {
    const socket = connect(b.tcpPort, '127.0.0.1');
    socket.resume(); // read (and ignore) the `now` frame, so the server's close reaches us
    const started = Date.now();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await b.metric('bridge_sessions_closed_total', { reason: 'handshake-timeout' })).toBeGreaterThanOrEqual(1);
  });

  it('an unknown type is published as `unknown` with its raw fields', async () => {
    good.send({ devId: 'good-1', type: 4242, hello: 'x', netCh: 0 });
    expect((await probe.next(`${base}/good-1/event/unknown`)).json()).toMatchObject({ type: 4242, raw: { hello: 'x' } });
  });

  it('an upload with the wrong AES key is answered 200, not published, counted', async () => {
    const wrong = new FakeBoard({ devId: 'enc-1', aes: { key: 'abcdefghijklmnop', iv: '6543210987654321' } });
    for (const enc of ['post-json', 'get-json', 'post-form'] as const) {
      const res = await wrong.upload(`${b.uploadUrl}/enc-1`, { devId: 'enc-1', type: 998, cnt: 5, netCh: 0 }, enc);
      expect(res).toEqual({ status: 200, body: '' });
    }
    expect(await bad('decryption', 'http')).toBe(3);
    await sleep(100);
    expect(probe.on(`${base}/enc-1/event/ping`)).toHaveLength(0);
  });

  it('an oversized upload gets 413', async () => {
    const res = await request(b.uploadUrl, { method: 'POST', body: `devId=x&type=501&smsBd=${'y'.repeat(5000)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(413);
    await res.body.text();
  });

  it('an unparseable upload is answered 200 and counted', async () => {
    const res = await request(b.uploadUrl, { method: 'POST', body: '{"devId": nope',
      headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const res2 = await request(`${b.uploadUrl}?foo=bar`, { method: 'GET' });
    expect(res2.statusCode).toBe(200);
    await res2.body.text();
    expect(await b.metric('bridge_bad_input_total', { transport: 'http' })).toBeGreaterThanOrEqual(5);
    await goodBoardStillWorks(3);
  });
});
