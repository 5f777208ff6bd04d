import { COMMAND_EXAMPLES } from '../libs/board-protocol/src/testing/command-examples';
import { realisticBoard, refusing, silent } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';

/** bridge-contract §4 on one instance with the embedded broker: every lifecycle path, MQTT to board and back. */
describe('commands over MQTT (one instance, embedded broker)', () => {
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let cmds: CommandClient;
  const boards: FakeBoard[] = [];
  let nextId = 100;

  beforeAll(async () => {
    t = await startTestBridge({ COMMAND_ACK_TIMEOUT_SEC: '1', COMMAND_REPORT_TIMEOUT_SEC: 'sendsms=1' });
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/+/command/+/reply']);
    cmds = new CommandClient(probe);
  });

  afterAll(async () => {
    boards.forEach((b) => b.destroy());
    await probe.close();
    await t.close();
  });

  /** A board online over TCP whose session is ready for commands. */
  async function onlineBoard(answer = realisticBoard, id = `4980609${nextId++}`): Promise<FakeBoard> {
    const board = new FakeBoard({ devId: id, answer });
    boards.push(board);
    await board.connect(t.tcpPort);
    board.hello();
    await board.nextFrame((f) => f.cmd === 'now');
    await probe.client.subscribeAsync(`boards/${id}/availability`);
    await probe.until(`boards/${id}/availability`, (m) => m.json().state === 'online');
    return board;
  }

  it.each(COMMAND_EXAMPLES.filter(([cmd]) => cmd !== 'now'))('%s reaches the board as documented and settles', async (cmd, named, _tid, frame) => {
    const board = await onlineBoard();
    const requestId = await cmds.send(board.devId, cmd, named);
    const written = await board.nextFrame((f) => f.cmd === cmd);
    const { tid, ...rest } = written;
    const { tid: _exampleTid, ...expected } = frame;
    expect(rest).toStrictEqual(expected);
    const statuses = await cmds.lifecycle(requestId);
    expect(statuses[0]).toBe('sent');
    expect(['acknowledged', 'completed']).toContain(statuses[statuses.length - 1]);
    if (cmd !== 'restart') expect(typeof tid).toBe('string');
  });

  it('sendsms: sent → acknowledged (not final) → completed by the 502 carrying its tid', async () => {
    const board = await onlineBoard();
    const requestId = await cmds.send(board.devId, 'sendsms', { slot: 2, to: '10001', text: '查话费' });
    expect(await cmds.lifecycle(requestId)).toEqual(['sent', 'acknowledged', 'completed']);
    const [sent, ack, done] = cmds.replies(requestId);
    expect(sent.final).toBe(false);
    expect(ack.final).toBe(false);
    expect(done).toMatchObject({ cmd: 'sendsms', status: 'completed', final: true, requestId });
    expect(sent.data?.tid).toMatch(/^[0-9]+$/);
  });

  it('the sms_sent event carries the requestId of the command it reports', async () => {
    const board = await onlineBoard();
    await probe.client.subscribeAsync(`boards/${board.devId}/event/sms_sent`);
    const requestId = await cmds.send(board.devId, 'sendsms', { slot: 1, to: '10001', text: 'x' });
    await cmds.reply(requestId, 'completed');
    const event = await probe.next(`boards/${board.devId}/event/sms_sent`);
    expect(event.json()).toMatchObject({ event: 'sms_sent', data: { requestId, slot: 1 } });
  });

  it('stat: acknowledged with the board status as data', async () => {
    const board = await onlineBoard();
    const reply = await cmds.reply(await cmds.send(board.devId, 'stat'));
    expect(reply).toMatchObject({ status: 'acknowledged', final: true, data: { hwVer: 'Y57v671', pingSec: 110 } });
  });

  it('restart: completed once written, with no tid on the wire', async () => {
    const board = await onlineBoard();
    const requestId = await cmds.send(board.devId, 'restart');
    expect(await board.nextFrame((f) => f.cmd === 'restart')).toStrictEqual({ cmd: 'restart' });
    expect(await cmds.lifecycle(requestId)).toEqual(['sent', 'completed']);
  });

  it('a board error (code 101) fails the command with the board message', async () => {
    const board = await onlineBoard(refusing);
    const reply = await cmds.reply(await cmds.send(board.devId, 'slotrst', { slot: 1 }));
    expect(reply).toMatchObject({ status: 'failed', reason: 'board', code: 101, message: 'Invalid arguments.' });
  });

  it('no answer within the ack timeout fails with reason timeout', async () => {
    const board = await onlineBoard(silent);
    const reply = await cmds.reply(await cmds.send(board.devId, 'slotoff', { slot: 2 }), undefined, 4000);
    expect(reply).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('an acknowledged sendsms whose 502 never comes fails with reason timeout', async () => {
    const board = await onlineBoard((f, id) => realisticBoard(f, id).filter((m) => m.type !== 502));
    const requestId = await cmds.send(board.devId, 'sendsms', { slot: 1, to: '10086', text: 'cx' });
    expect(await cmds.lifecycle(requestId, 4000)).toEqual(['sent', 'acknowledged', 'failed']);
    expect(cmds.replies(requestId)[2].reason).toBe('timeout');
  });

  it('the session breaking before the answer fails with reason session-lost', async () => {
    const board = await onlineBoard(silent);
    const requestId = await cmds.send(board.devId, 'wf', { state: 'on' });
    await board.nextFrame((f) => f.cmd === 'wf');
    board.destroy();
    expect(await cmds.reply(requestId)).toMatchObject({ status: 'failed', reason: 'session-lost' });
  });

  it('offline → queued → delivered in order after the handshake', async () => {
    const id = `4980609${nextId++}`;
    const first = await cmds.send(id, 'sendsms', { slot: 1, to: '10001', text: 'one' });
    const second = await cmds.send(id, 'sendsms', { slot: 1, to: '10001', text: 'two' });
    expect(await cmds.reply(first, 'queued')).toMatchObject({ final: false, data: { ttl: 300 } });
    await cmds.reply(second, 'queued');
    const board = new FakeBoard({ devId: id, answer: realisticBoard });
    boards.push(board);
    await board.connect(t.tcpPort);
    board.hello();
    const a = await board.nextFrame((f) => f.cmd === 'sendsms');
    const b = await board.nextFrame((f) => f.cmd === 'sendsms');
    expect([a.p3, b.p3]).toEqual(['one', 'two']);
    expect(await cmds.lifecycle(second)).toEqual(['queued', 'sent', 'acknowledged', 'completed']);
  });

  it('offline → expired when the ttl passes', async () => {
    const requestId = await cmds.send(`4980609${nextId++}`, 'stat', { ttl: 1 });
    expect(await cmds.lifecycle(requestId, 4000)).toEqual(['queued', 'expired']);
  });

  it('offline with ttl 0 (call control) fails at once with reason offline', async () => {
    const reply = await cmds.reply(await cmds.send(`4980609${nextId++}`, 'teldial', { slot: 1, number: '10086' }));
    expect(reply).toMatchObject({ status: 'failed', reason: 'offline', final: true });
  });

  it('unknown commands pass positional parameters through unchanged', async () => {
    const board = await onlineBoard();
    await cmds.send(board.devId, 'writecard', { p1: 1, p2: 'abc' });
    expect(await board.nextFrame((f) => f.cmd === 'writecard')).toMatchObject({ cmd: 'writecard', p1: 1, p2: 'abc' });
  });

  it('a repeated requestId (QoS 1 redelivery) is written once', async () => {
    const board = await onlineBoard();
    const requestId = `dup-${nextId++}`;
    await cmds.send(board.devId, 'slotrst', { slot: 1, requestId });
    await cmds.send(board.devId, 'slotrst', { slot: 1, requestId });
    await cmds.reply(requestId);
    await board.nextFrame((f) => f.cmd === 'slotrst');
    await expect(board.nextFrame((f) => f.cmd === 'slotrst', 300)).rejects.toThrow(/no matching frame/);
    expect(cmds.replies(requestId).filter((r) => r.status === 'sent')).toHaveLength(1);
  });
});
