import { COMMAND_TABLE } from '@board-bridge/board-protocol';
import { COMMAND_EXAMPLES } from '../libs/board-protocol/src/testing/command-examples';
import { ALL_FIXTURES, type BoardFixture } from '../libs/board-protocol/src/testing/fixtures';
import { commandSchemaName } from '../apps/bridge/src/contract/command-schemas';
import { EVENT_DOCS, eventSchemaName } from '../apps/bridge/src/contract/event-schemas';
import type { CommandReply } from '../apps/bridge/src/commands/command-types';
import { realisticBoard, refusing } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { ContractValidator } from './helpers/contract-validator';
import { FakeBoard, type UploadEncoding } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';

/**
 * The documented contract against what the bridge really publishes: every board message fixture over TCP
 * and HTTP, every command example, and the failure paths, captured from the broker and validated against
 * the AsyncAPI document (the topic picks the channel, the channel's message its payload schema).
 */
describe('AsyncAPI contract: real publications validate', () => {
  const base = `contract${process.pid}`;
  const contract = new ContractValidator();
  const boards: FakeBoard[] = [];
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  let cmds: CommandClient;

  beforeAll(async () => {
    t = await startTestBridge({ MQTT_BASE_TOPIC: base, COMMAND_ACK_TIMEOUT_SEC: '1' });
    probe = await MqttProbe.connect(t.mqttUrl, [`${base}/#`]);
    cmds = new CommandClient(probe, base);
  });

  afterAll(async () => {
    boards.forEach((b) => b.destroy());
    await probe.close();
    await t.close();
  });

  async function tcpBoard(devId: string, answer = realisticBoard): Promise<FakeBoard> {
    const board = new FakeBoard({ devId, answer });
    boards.push(board);
    await board.connect(t.tcpPort);
    board.hello();
    await board.nextFrame((f) => f.cmd === 'now');
    await probe.until(`${base}/${devId}/availability`, (m) => m.json().state === 'online');
    return board;
  }

  /** Waits until each fixture's event was published for `devId` (repeats may be deduplicated, firsts are not). */
  async function eventsPublished(devId: string, fixtures: BoardFixture[]): Promise<void> {
    for (const event of new Set(fixtures.map((f) => f.expectedEvent))) {
      await probe.next(`${base}/${devId}/event/${event}`);
    }
  }

  it('every fixture sent by a board over TCP', async () => {
    const byBoard = new Map<string, BoardFixture[]>();
    for (const [, f] of ALL_FIXTURES) {
      const devId = String(f.raw.devId ?? f.parseOptions?.devId);
      byBoard.set(devId, [...(byBoard.get(devId) ?? []), f]);
    }
    for (const [devId, fixtures] of byBoard) {
      const board = await tcpBoard(devId);
      for (const f of fixtures) board.send(f.raw as Record<string, unknown>);
      await eventsPublished(devId, fixtures);
    }
  });

  it('every fixture with a devId uploaded over HTTP, in the four encodings', async () => {
    const encodings: UploadEncoding[] = ['post-json', 'get-json', 'post-form', 'get-form'];
    const fixtures = ALL_FIXTURES.map(([, f]) => f).filter((f) => f.raw.devId !== undefined);
    for (const [i, f] of fixtures.entries()) {
      const raw = { ...f.raw, devId: `${String(f.raw.devId)}-http` };
      // FORM flattens nested objects into JSON text; the stat replies keep their structure as JSON.
      const nested = Object.values(raw).some((v) => typeof v === 'object' && v !== null);
      const res = await new FakeBoard({ devId: raw.devId }).upload(t.uploadUrl, raw,
        nested ? 'post-json' : encodings[i % encodings.length]);
      expect(res.status).toBe(200);
    }
    for (const devId of new Set(fixtures.map((f) => `${String(f.raw.devId)}-http`))) {
      await eventsPublished(devId, fixtures.filter((f) => `${String(f.raw.devId)}-http` === devId));
    }
  });

  it('every command example, with its replies and the board\'s reports', async () => {
    const board = await tcpBoard('498060977001');
    for (const [cmd, named] of COMMAND_EXAMPLES) {
      await cmds.reply(await cmds.send(board.devId, cmd, named));
    }
    await cmds.reply(await cmds.send(board.devId, 'vendorcmd', { p1: 'x', p2: 2 }));
  });

  it('the failure paths: rejected, queued then expired, failed by the board, failed offline', async () => {
    const statuses = async (id: string): Promise<CommandReply['status'][]> => {
      await cmds.reply(id, undefined, 4000);
      return cmds.replies(id).map((r) => r.status);
    };
    expect(await statuses(await cmds.send('498060977002', 'sendsms', { slot: 3, to: 'x', text: '' }))).toEqual(['rejected']);
    expect(await statuses(await cmds.send('498060977003', 'stat', { ttl: 1 }))).toEqual(['queued', 'expired']);
    expect(await statuses(await cmds.send('498060977004', 'teldial', { slot: 1, number: '10086' }))).toEqual(['failed']);
    const refuser = await tcpBoard('498060977005', refusing);
    expect(await statuses(await cmds.send(refuser.devId, 'slotrst', { slot: 1 }))).toEqual(['sent', 'failed']);
    refuser.destroy();
    await probe.until(`${base}/${refuser.devId}/availability`, (m) => m.json().state === 'offline');
  });

  it('every captured publication matches its channel\'s schema, and every channel kind was seen', async () => {
    // Let the last retained state updates arrive.
    await new Promise((r) => setTimeout(r, 200));
    // Except the command published invalid on purpose above: the schema refuses it as the bridge did.
    const invalidOnPurpose = `${base}/498060977002/command/sendsms`;
    const problems = probe.messages.filter((m) => m.topic !== invalidOnPurpose)
      .flatMap((m) => contract.checkPublication(m.topic, m.payload, base));
    expect(contract.checkPublication(invalidOnPurpose, probe.on(invalidOnPurpose)[0].payload, base)).not.toEqual([]);
    expect(problems).toEqual([]);
    const seen = new Set(probe.messages.map((m) => contract.schemaForTopic(m.topic, base)));
    const expected = [...EVENT_DOCS.map((d) => eventSchemaName(d.event)), ...COMMAND_TABLE.map((s) => commandSchemaName(s.name)),
      'PositionalCommand', 'CommandReply', 'Availability', 'BoardState', 'BridgeState'];
    expect(expected.filter((name) => !seen.has(name))).toEqual([]);
    const replyStatuses = new Set(probe.on(/\/reply$/).map((m) => m.json<CommandReply>().status));
    expect([...replyStatuses].sort()).toEqual(['acknowledged', 'completed', 'expired', 'failed', 'queued', 'rejected', 'sent']);
    const availability = new Set(probe.on(/\/availability$/).map((m) => m.json().state));
    expect([...availability].sort()).toEqual(['offline', 'online']);
  });
});
