import { request } from 'undici';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';

/** bridge-contract §5 `/metrics` and the retained bridge state: what operators watch. */
describe('metrics and bridge state', () => {
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let board: FakeBoard;
  const id = '498060922201';
  const secretText = 'my-bank-code-778899';
  const phone = '13912345678';

  beforeAll(async () => {
    t = await startTestBridge({ BRIDGE_INSTANCE_ID: 'metrics-1' });
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/#']);
    board = await handshaken(new FakeBoard({ devId: id, answer: realisticBoard }), t.tcpPort);
    board.send({ devId: id, type: 501, slot: 1, phNum: phone, smsBd: secretText, smsTm: 1700000000001, netCh: 0 });
    await probe.next(`boards/${id}/event/sms_received`);
    const cmds = new CommandClient(probe);
    await cmds.reply(await cmds.send(id, 'sendsms', { slot: 1, to: phone, text: secretText }));
  });

  afterAll(async () => {
    board.destroy();
    await probe.close();
    await t.close();
  });

  async function scrape(): Promise<string> {
    const res = await request(`http://127.0.0.1:${t.httpPort}/metrics`);
    return res.body.text();
  }

  it('exposes ingest and command latency, command outcomes, connectivity and process metrics', async () => {
    const text = await scrape();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 'NaN');
    expect(value(/^bridge_ingest_seconds_count (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^bridge_command_seconds_count\{stage="written"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^bridge_command_seconds_count\{stage="answered"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^bridge_commands_total\{cmd="sendsms",status="completed",reason=""\} (\d+)/m)).toBe(1);
    expect(value(/^bridge_broker_connected (\d+)/m)).toBe(1);
    expect(value(/^bridge_sessions\{transport="tcp"\} (\d+)/m)).toBe(1);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).not.toMatch(/^bridge_redis_connected \d/m);
  });

  it('readiness names each dependency; liveness is plain', async () => {
    const ready = await request(`http://127.0.0.1:${t.httpPort}/readyz`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toEqual({ status: 'ready', checks: { tcp: 'up', broker: 'up', spool: 'ok' } });
    const live = await request(`http://127.0.0.1:${t.httpPort}/healthz`);
    expect(await live.body.json()).toEqual({ status: 'ok' });
  });

  it('never carries phone numbers or SMS text', async () => {
    const text = await scrape();
    expect(text).not.toContain(phone);
    expect(text).not.toContain(secretText);
  });

  it('keeps a retained bridge state with version, uptime and session count', async () => {
    const state = (await probe.next('boards/bridge/metrics-1/state')).json();
    expect(state).toMatchObject({ state: 'online', instance: 'metrics-1', version: expect.any(String),
      uptimeSec: expect.any(Number), sessions: expect.any(Number) });
  });
});
