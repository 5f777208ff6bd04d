import { adminToken } from '@board-bridge/board-protocol';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard } from './helpers/fake-board';
import { FakeBoardCtrl } from './helpers/fake-board-ctrl';
import { MqttProbe } from './helpers/mqtt-probe';

/**
 * Boards that report over HTTP cannot be reached over TCP: commands go to their LAN `/ctrl` API
 * (board-protocol §1.5) and the HTTP answer drives the same lifecycle (bridge-contract §4).
 */
describe('commands to an HTTP-mode board through its /ctrl API', () => {
  const id = '498060977701';
  const password = 'lab-secret';
  let t: BridgeUnderTest;
  let ctrl: FakeBoardCtrl;
  let probe: MqttProbe;
  let cmds: CommandClient;

  beforeAll(async () => {
    ctrl = await new FakeBoardCtrl({ token: adminToken(password) }).start();
    const registry = `boards:\n  "${id}":\n    ctrl: { url: "${ctrl.url}", password: "${password}" }\n` +
      `  "498060977702":\n    ctrl: { url: "${ctrl.url}", password: "not-the-password" }\n`;
    t = await startTestBridge({ BOARDS_FILE: 'boards.yaml', COMMAND_REPORT_TIMEOUT_SEC: 'sendsms=2' },
      { 'boards.yaml': registry });
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/+/command/+/reply']);
    cmds = new CommandClient(probe);
  });

  afterAll(async () => {
    await probe.close();
    await t.close();
    await ctrl.stop();
  });

  it('sendsms goes to /ctrl with the admin token and percent-encoded UTF-8, then the uploaded 502 completes it', async () => {
    const requestId = await cmds.send(id, 'sendsms', { slot: 2, to: '10001', text: '查话费' });
    const ack = await cmds.reply(requestId, 'acknowledged');
    expect(ack.final).toBe(false);
    const query = ctrl.queries.find((q) => q.cmd === 'sendsms') as Record<string, string>;
    expect(query).toMatchObject({ token: adminToken(password), p1: '2', p2: '10001', p3: '查话费' });
    expect(ctrl.requests.find((r) => r.query.cmd === 'sendsms')?.rawQuery).toContain('%E6%9F%A5');
    const board = new FakeBoard({ devId: id });
    await board.upload(t.uploadUrl, { devId: id, type: 502, slot: 2, phNum: '10001', tid: query.tid, netCh: 0 },
      'post-form');
    expect(await cmds.lifecycle(requestId)).toEqual(['sent', 'acknowledged', 'completed']);
  });

  it('stat answers with data', async () => {
    const reply = await cmds.reply(await cmds.send(id, 'stat'));
    expect(reply).toMatchObject({ status: 'acknowledged', final: true, data: { hwVer: 'Y57v671' } });
  });

  it('restart (empty body) is completed', async () => {
    expect(await cmds.lifecycle(await cmds.send(id, 'restart'))).toEqual(['sent', 'completed']);
  });

  it('the board refusing the arguments (code 101) fails the command', async () => {
    ctrl.script('slotoff', { answer: { kind: 'invalid-arguments' } });
    expect(await cmds.reply(await cmds.send(id, 'slotoff', { slot: 1 })))
      .toMatchObject({ status: 'failed', reason: 'board', code: 101 });
  });

  it('a wrong password fails with reason board (401), never retried', async () => {
    const before = ctrl.requests.length;
    expect(await cmds.reply(await cmds.send('498060977702', 'stat'))).toMatchObject({ status: 'failed', reason: 'board' });
    expect(ctrl.requests.length).toBe(before + 1);
  });

  it('an unreachable board fails with reason ctrl-unreachable', async () => {
    ctrl.script('wf', { answer: { kind: 'status', status: 503 } });
    expect(await cmds.reply(await cmds.send(id, 'wf', { state: 'on' })))
      .toMatchObject({ status: 'failed', reason: 'ctrl-unreachable' });
  });
});
