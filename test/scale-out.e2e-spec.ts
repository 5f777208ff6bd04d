import type { CommandReply } from '../apps/bridge/src/commands/command-types';
import { BridgeCluster, CLUSTER_MODES, sleep, within } from './helpers/cluster';

/** `stat`: answered at once with data, matched by tid, and not costly (no cost guard counts it). */
const LIFECYCLE = ['sent', 'acknowledged'];

/**
 * Scale-out downlink (bridge-contract §4 "written at most once, by the one instance that holds the
 * session"), with three real bridge processes sharing one Redis, in both broker set-ups.
 */
describe.each(CLUSTER_MODES)('commands across instances (%s)', (_label, mode) => {
  let c: BridgeCluster;

  beforeAll(async () => {
    c = await BridgeCluster.start(mode);
  }, 30_000);

  afterAll(async () => {
    await c?.close();
  });

  /** The `sent` reply of a settled command: who wrote it, with which tid. */
  function sentOf(requestId: string): CommandReply & { data: { tid: string } } {
    const sent = c.replies(requestId).filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(1);
    return sent[0] as CommandReply & { data: { tid: string } };
  }

  /** Each command settled once, written once by `holder`, and its frame reached `socket` exactly once. */
  async function expectDeliveredOnce(requestIds: string[], devId: string, holder: number, socket: string): Promise<void> {
    for (const id of requestIds) expect(await c.lifecycle(id)).toEqual(LIFECYCLE);
    await sleep(400); // a duplicate write or reply, were there one, arrives now
    for (const id of requestIds) {
      expect(c.replies(id).map((r) => r.status)).toEqual(LIFECYCLE);
      const sent = sentOf(id);
      expect(sent.instance).toBe(c.instanceId(holder));
      expect(c.framesOf(devId).filter((f) => f.tid === sent.data.tid).map((f) => f.socket)).toEqual([socket]);
    }
  }

  it('a command published on any instance reaches the board on whichever instance holds it, once', async () => {
    const ids = ['498060900011', '498060900012', '498060900013'];
    await Promise.all(ids.map((id, node) => c.attach(c.board(id, `${id}@${node}`), node)));
    const sends: { requestId: string; board: number }[] = [];
    await Promise.all([0, 1, 2].flatMap((publisher) => ids.map(async (id, board) => {
      sends.push({ requestId: await c.send(publisher, id, 'stat'), board });
    })));
    for (const [board, id] of ids.entries()) {
      await expectDeliveredOnce(sends.filter((s) => s.board === board).map((s) => s.requestId), id, board, `${id}@${board}`);
      expect(c.framesOf(id)).toHaveLength(3);
    }
  });

  it('a board that moves from A to B gets later commands on B', async () => {
    const id = '498060900021';
    const onA = c.board(id, 'A');
    await c.attach(onA, 0);
    const before = await c.send(1, id, 'stat');
    await expectDeliveredOnce([before], id, 0, 'A');
    onA.close();
    const offline = await c.observer.probe.until(`${c.base}/${id}/availability`, (m) => m.json().state === 'offline');
    expect(offline.json()).toMatchObject({ reason: 'closed', instance: c.instanceId(0) });
    const onB = c.board(id, 'B');
    await c.attach(onB, 1);
    const after = await Promise.all([0, 1, 2, 0, 1, 2].map((node) => c.send(node, id, 'stat')));
    await expectDeliveredOnce(after, id, 1, 'B');
    expect(c.framesOf(id, 'A')).toHaveLength(1);
    expect(c.framesOf(id, 'B')).toHaveLength(6);
    expect(c.availability(id).at(-1)?.json()).toMatchObject({ state: 'online', instance: c.instanceId(1) });
  });

  it('when the old connection to A is still open, A closes it as taken over and publishes no offline', async () => {
    const id = '498060900022';
    const onA = c.board(id, 'A');
    await c.attach(onA, 0);
    const onB = c.board(id, 'B');
    await c.attach(onB, 1);
    await within(onA.closed, 'A closes the old connection');
    const requestIds = await Promise.all([0, 1, 2, 0, 1, 2].map((node) => c.send(node, id, 'stat')));
    await expectDeliveredOnce(requestIds, id, 1, 'B');
    expect(c.framesOf(id, 'A')).toEqual([]);
    const states = c.availability(id).map((m) => m.json());
    expect(states.filter((a) => a.state === 'offline')).toEqual([]);
    expect(states.at(-1)).toMatchObject({ state: 'online', instance: c.instanceId(1) });
    const retained = await c.retainedAvailability(id);
    expect(retained.retain).toBe(true);
    expect(retained.json()).toMatchObject({ state: 'online', instance: c.instanceId(1) });
  });
});
