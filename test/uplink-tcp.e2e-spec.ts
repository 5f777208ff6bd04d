import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';
import { testServices } from './setup/services';

const BOARD_TZ_MS = 8 * 3600_000;

/** board-protocol §2.3 examples, one per family, with the event each becomes (bridge-contract §3). */
const families = (devId: string): [Record<string, unknown>, string][] => [
  [{ devId, type: 204, slot: 1, imsi: '46007337111234', iccId: '898607D3161990212345', msIsdn: '+8613206411822', dbm: 61, netCh: 0 }, 'sim_ready'],
  [{ devId, type: 205, slot: 2, netCh: 0 }, 'sim_removed'],
  [{ devId, type: 301, slot: 1, netCh: 0 }, 'modem_error'],
  [{ devId, type: 501, slot: 1, imsi: '46007337111234', iccId: '898607D3161990212345', msIsdn: '+8613206411822',
    phNum: '10086', smsBd: '您的话费余额是100元。【中国移动】', charset: 'utf8', smsTm: 1647344840456, netCh: 0 }, 'sms_received'],
  [{ devId, type: 502, slot: 1, tid: '1647344840', netCh: 0 }, 'sms_sent'],
  [{ devId, type: 601, slot: 1, phNum: '10086', startTm: 1647344540, netCh: 0 }, 'call_incoming'],
  [{ devId, type: 603, slot: 1, phNum: '10086', startTm: 1647344540, endTm: 1647344840, netCh: 0 }, 'call_ended'],
  [{ devId, type: 622, slot: 1, phNum: '10010', startTm: 1647344600, netCh: 0 }, 'call_connected'],
  [{ devId, type: 642, slot: 1, phNum: '10010', startTm: 1647344600, reason: '5', netCh: 0 }, 'dtmf'],
  [{ devId, type: 681, slot: 1, tid: 'd1', netCh: 0 }, 'call_control'],
  [{ devId, type: 701, slot: 1, phNum: '053289265468', imsi: '460115191234567', iccId: '8986032104571234567', charset: 'utf8', netCh: 0 }, 'call_forwarding'],
  [{ devId, type: 998, netCh: 0, cnt: 7 }, 'ping'],
  [{ devId, type: 777, foo: 'bar', netCh: 0 }, 'unknown'],
];

const modes: [string, () => Record<string, string>][] = [
  ['embedded aedes', () => ({})],
  ['external Mosquitto', () => ({ MQTT_URL: testServices().mosquittoUrl })],
];

describe.each(modes)('TCP board → MQTT (%s)', (_mode, env) => {
  let b: BridgeUnderTest;
  let probe: MqttProbe;
  const boards: FakeBoard[] = [];
  const base = `t${process.pid}${_mode.startsWith('e') ? 'a' : 'b'}`;

  const board = async (devId: string): Promise<FakeBoard> => {
    const fb = new FakeBoard({ devId });
    boards.push(fb);
    await fb.connect(b.tcpPort);
    return fb;
  };

  beforeAll(async () => {
    b = await startTestBridge({ ...env(), MQTT_BASE_TOPIC: base, PING_INTERVAL_SEC: '1', LIVENESS_SLACK_SEC: '0' });
    probe = await MqttProbe.connect(b.mqttUrl, [`${base}/#`]);
  });
  afterAll(async () => {
    for (const fb of boards) fb.destroy();
    await probe.close();
    await b.close();
  });

  it('sends `now` on accept and on every 100, in UTC+8, within 5 s (board-protocol §1.4)', async () => {
    const fb = await board('hs-1');
    const first = await fb.nextFrame((f) => f.cmd === 'now', 5000);
    expect(first.p1).toMatch(/^\d{14}$/);
    expect(typeof first.tid).toBe('string');
    const p1 = String(first.p1);
    const boardNow = Date.UTC(+p1.slice(0, 4), +p1.slice(4, 6) - 1, +p1.slice(6, 8), +p1.slice(8, 10),
      +p1.slice(10, 12), +p1.slice(12, 14)) - BOARD_TZ_MS;
    expect(Math.abs(boardNow - Date.now())).toBeLessThan(5000);
    fb.hello();
    const again = await fb.nextFrame((f) => f.cmd === 'now', 5000);
    expect(again.p1).toMatch(/^\d{14}$/);
  });

  it('publishes every message family as its documented event, availability and retained state', async () => {
    const fb = await board('fam-1');
    fb.hello();
    const online = await probe.next(`${base}/fam-1/event/online`);
    expect(online.json()).toMatchObject({ v: 1, board: 'fam-1', type: 100, event: 'online', transport: 'tcp' });
    for (const [msg] of families('fam-1')) fb.send(msg);
    for (const [msg, event] of families('fam-1')) {
      const m = await probe.until(`${base}/fam-1/event/${event}`, (e) => e.json().type === msg.type);
      expect(m.json()).toMatchObject({ board: 'fam-1', event, transport: 'tcp' });
      expect(typeof m.json().eventId).toBe('string');
    }
    const avail = await probe.next(`${base}/fam-1/availability`);
    expect(avail.json()).toMatchObject({ state: 'online', transport: 'tcp', netCh: 0 });
    await probe.until(`${base}/fam-1/state`, (m) => m.json().pingCount === 7);
    // A late subscriber gets the retained availability and state.
    const late = await MqttProbe.connect(b.mqttUrl, [`${base}/fam-1/availability`, `${base}/fam-1/state`]);
    try {
      expect((await late.until(`${base}/fam-1/availability`, (m) => m.retain)).json()).toMatchObject({ state: 'online' });
      const state = await late.until(`${base}/fam-1/state`, (m) => m.retain);
      expect(state.json()).toMatchObject({ devId: 'fam-1', pingCount: 7 });
    } finally {
      await late.close();
    }
    const sms = probe.on(`${base}/fam-1/event/sms_received`)[0].json<{ data: Record<string, unknown> }>();
    expect(sms.data).toMatchObject({ slot: 1, from: '10086', text: '您的话费余额是100元。【中国移动】' });
  });

  it('publishes a message the board sends twice only once (bridge-contract §6)', async () => {
    const fb = await board('dup-1');
    fb.hello();
    const sms = { devId: 'dup-1', type: 501, slot: 2, phNum: '10010', smsBd: 'same', smsTm: 1700000000123, netCh: 0 };
    fb.send(sms);
    fb.send(sms);
    fb.send({ ...sms, smsTm: 1700000000999 });
    fb.ping();
    await probe.next(`${base}/dup-1/event/ping`);
    expect(probe.on(`${base}/dup-1/event/sms_received`)).toHaveLength(2);
  });

  it('goes offline with reason `closed` when the socket closes', async () => {
    const fb = await board('close-1');
    fb.hello();
    await probe.next(`${base}/close-1/event/online`);
    fb.close();
    const off = await probe.until(`${base}/close-1/availability`, (m) => m.json().state === 'offline');
    expect(off.json()).toMatchObject({ state: 'offline', reason: 'closed' });
  });

  it('replaces the session of a board that connects again, with no offline blip', async () => {
    const a = await board('rep-1');
    a.hello();
    await probe.next(`${base}/rep-1/event/online`);
    const c = await board('rep-1');
    c.hello({ netCh: 1 });
    await a.closed;
    c.ping();
    await probe.next(`${base}/rep-1/event/ping`);
    await probe.until(`${base}/rep-1/availability`, (m) => m.json().netCh === 1);
    const states = probe.on(`${base}/rep-1/availability`).map((m) => m.json().state);
    expect(states).not.toContain('offline');
  });

  it('goes offline with reason `ping-timeout` after 3 × interval + slack of silence', async () => {
    const fb = await board('ping-1');
    fb.hello();
    await probe.next(`${base}/ping-1/event/online`);
    const started = Date.now();
    const off = await probe.until(`${base}/ping-1/availability`, (m) => m.json().state === 'offline', 6000);
    expect(off.json()).toMatchObject({ state: 'offline', reason: 'ping-timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    await fb.closed;
  });

  it('keeps a pinging board online past the liveness window', async () => {
    const fb = await board('ping-2');
    fb.hello();
    await probe.next(`${base}/ping-2/event/online`);
    for (let i = 0; i < 8; i++) {
      await sleep(500);
      fb.ping();
    }
    await eventually(() => probe.on(`${base}/ping-2/event/ping`).length === 8);
    expect(probe.on(`${base}/ping-2/availability`).map((m) => m.json().state)).toEqual(['online']);
  });
});
