import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';

/** bridge-contract §4 `rejected`: each kind of bad command gets its reason and a metric, and nothing reaches the board. */
describe('rejected commands', () => {
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let cmds: CommandClient;
  let board: FakeBoard;
  const id = '498060955501';

  beforeAll(async () => {
    t = await startTestBridge({ BOARDS_FILE: 'boards.yaml' },
      { 'boards.yaml': `allowlist: true\nboards:\n  "${id}": { name: lab }\n` });
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/+/command/+/reply']);
    cmds = new CommandClient(probe);
    board = await handshaken(new FakeBoard({ devId: id }), t.tcpPort);
  });

  afterAll(async () => {
    board.destroy();
    await probe.close();
    await t.close();
  });

  afterEach(async () => {
    // Whatever was refused must not have been written to the board.
    await expect(board.nextFrame((f) => f.cmd !== 'now', 200)).rejects.toThrow(/no matching frame/);
  });

  async function rejected(requestId: string) {
    const reply = await cmds.reply(requestId);
    expect(reply).toMatchObject({ status: 'rejected', final: true });
    return reply;
  }

  const invalidCases: [string, string, Record<string, unknown>, string][] = [
    ['slot out of range', 'sendsms', { slot: 3, to: '10001', text: 'x' }, 'slot'],
    ['missing required parameter', 'sendsms', { slot: 1, text: 'x' }, 'to'],
    ['unknown parameter', 'slotrst', { slot: 1, colour: 'red' }, 'colour'],
    ['wrong type', 'pingsec', { seconds: 'soon' }, 'seconds'],
    ['negative ttl', 'stat', { ttl: -5 }, 'ttl'],
    ['reserved key', 'stat', { tid: '1' }, 'tid'],
  ];

  it.each(invalidCases)('%s → rejected (invalid) naming the parameter', async (_what, cmd, params, param) => {
    const reply = await rejected(await cmds.send(id, cmd, params));
    expect(reply.reason).toBe('invalid');
    expect((reply.data?.issues as { param: string }[]).map((i) => i.param)).toContain(param);
  });

  it('every problem of one command is reported at once', async () => {
    const reply = await rejected(await cmds.send(id, 'sendsms', { slot: 9, to: '', ttl: 'x' }));
    const params = (reply.data?.issues as { param: string }[]).map((i) => i.param);
    expect(params).toEqual(expect.arrayContaining(['slot', 'to', 'text', 'ttl']));
  });

  it.each([
    ['not JSON', '{"slot":'],
    ['a JSON array', '[1,2]'],
    ['too large', JSON.stringify({ text: 'x'.repeat(20_000) })],
  ])('a payload that is %s → rejected (invalid)', async (_what, payload) => {
    const before = await t.metric('bridge_commands_total', { status: 'rejected', reason: 'invalid' });
    await cmds.sendRaw(id, 'restart', payload);
    const reply = await cmds.lastOn(id, 'restart', (r) => r.status === 'rejected' && /payload/.test(r.message ?? ''));
    expect(reply.reason).toBe('invalid');
    expect(await t.metric('bridge_commands_total', { status: 'rejected', reason: 'invalid' })).toBe(before + 1);
  });

  it('a retained command publication is rejected and never executed', async () => {
    const requestId = await cmds.send(id, 'restart', {}, { retain: true });
    expect(await rejected(requestId)).toMatchObject({ reason: 'retained' });
    await probe.client.publishAsync(`boards/${id}/command/restart`, '', { retain: true, qos: 1 });
  });

  it('a board outside the allowlist → rejected (not-allowed)', async () => {
    expect(await rejected(await cmds.send('498060999999', 'stat'))).toMatchObject({ reason: 'not-allowed' });
  });

  it('a command name that is not a command → rejected (invalid)', async () => {
    expect(await rejected(await cmds.send(id, '9lives'))).toMatchObject({ reason: 'invalid' });
  });
});
