import type { Logger } from 'pino';
import type { CommandExecutor, CtrlTarget } from '../commands/command-executor';
import type { CommandReplies, ReplyDetails, ReplyTarget } from '../commands/command-replies';
import type { CommandRequest, CommandStatus } from '../commands/command-types';
import type { DownlinkSession } from '../commands/downlink-session';
import type { PendingBook } from '../commands/pending-book';
import { CommandRouter } from './command-router';
import {
  type CommandQueue, type ControlMessage, type InstanceChannel, type QueuedCommand, RoutingUnavailableError,
  type SessionOwner, type SessionOwnership,
} from './routing-ports';

const ME = 'bridge-a';
const BOARD = '498060912345';
const HANDOFF_MS = 30_000;
const CTRL: CtrlTarget = { url: 'http://192.168.7.170', token: '3f4bffa77257d243875d0a5a80635934' };

class FakeSession implements DownlinkSession {
  readonly devId = BOARD;
  epoch?: number;
  isOpen = true;
  readonly closed: string[] = [];
  constructor(readonly id = 1) {}
  send(): boolean {
    return this.isOpen;
  }
  close(reason: 'taken-over' | 'replaced'): void {
    this.closed.push(reason);
    this.isOpen = false;
  }
}

/** One board's ownership record; `failure` makes every lookup throw as Redis would when unreachable. */
class FakeOwnership implements SessionOwnership {
  record: SessionOwner | null = null;
  current = true;
  failure?: Error;
  claimGate?: Promise<void>;
  readonly released: number[] = [];
  private nextEpoch = 1;
  async claim(): Promise<number> {
    await this.claimGate;
    const epoch = this.nextEpoch++;
    this.record = { instance: ME, epoch, since: Date.now() };
    return epoch;
  }
  async renew(): Promise<boolean> {
    return true;
  }
  async release(_board: string, epoch: number): Promise<void> {
    this.released.push(epoch);
  }
  async owner(): Promise<SessionOwner | null> {
    if (this.failure) throw this.failure;
    return this.record;
  }
  async isCurrent(): Promise<boolean> {
    return this.current;
  }
}

class FakeQueue implements CommandQueue {
  items: QueuedCommand[] = [];
  readonly fences: { instance: string; epoch: number }[] = [];
  async push(item: QueuedCommand): Promise<void> {
    this.items.push(item);
  }
  async take(board: string, fence: { instance: string; epoch: number }) {
    this.fences.push(fence);
    const mine = this.items.filter((i) => i.request.board === board);
    this.items = this.items.filter((i) => i.request.board !== board);
    const now = Date.now();
    return { ready: mine.filter((i) => i.deadline >= now), expired: mine.filter((i) => i.deadline < now) };
  }
  async takeExpired(now: number): Promise<QueuedCommand[]> {
    const due = this.items.filter((i) => i.deadline < now);
    this.items = this.items.filter((i) => i.deadline >= now);
    return due;
  }
  async putBack(_board: string, items: QueuedCommand[]): Promise<void> {
    this.items.unshift(...items);
  }
}

class FakeChannel implements InstanceChannel {
  readonly sent: [string, ControlMessage][] = [];
  private listener?: (msg: ControlMessage) => void;
  async send(instance: string, msg: ControlMessage): Promise<void> {
    this.sent.push([instance, msg]);
  }
  onMessage(listener: (msg: ControlMessage) => void): () => void {
    this.listener = listener;
    return () => undefined;
  }
  emit(msg: ControlMessage): void {
    this.listener?.(msg);
  }
}

function request(requestId: string, ttlSec = 0, cmd = 'sendsms'): CommandRequest {
  return { requestId, board: BOARD, cmd, positional: [1, '10001', 'hi'], ttlSec, acceptedAt: Date.now(), origin: 'mqtt' };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('CommandRouter', () => {
  let sessions: Map<string, FakeSession>;
  let ctrlTargets: Map<string, CtrlTarget>;
  let ownership: FakeOwnership;
  let queue: FakeQueue;
  let channel: FakeChannel;
  let written: [string, number][];
  /** How many more frames the executor manages to write before a session refuses them. */
  let writable: number;
  let viaCtrl: [string, CtrlTarget][];
  let replies: [string, CommandStatus, ReplyDetails][];
  let lost: [string, number][];
  /** When the broker takes a reply published with publishAccepted(). */
  let acceptance: Promise<void>;
  let router: CommandRouter;

  beforeEach(() => {
    sessions = new Map();
    ctrlTargets = new Map();
    ownership = new FakeOwnership();
    queue = new FakeQueue();
    channel = new FakeChannel();
    written = [];
    writable = Infinity;
    viaCtrl = [];
    replies = [];
    lost = [];
    const executor = {
      writeTcp: (r: CommandRequest, s: DownlinkSession) => s.isOpen && writable-- > 0 && written.push([r.requestId, s.id]) > 0,
      sendCtrl: async (r: CommandRequest, t: CtrlTarget) => { viaCtrl.push([r.requestId, t]); },
    } as unknown as CommandExecutor;
    const publish = (t: ReplyTarget, s: CommandStatus, d: ReplyDetails = {}) => replies.push([t.requestId, s, d]);
    acceptance = Promise.resolve();
    const publishAccepted = async (t: ReplyTarget, s: CommandStatus, d: ReplyDetails = {}) => {
      publish(t, s, d);
      await acceptance;
    };
    const pending = { sessionLost: (b: string, id: number) => lost.push([b, id]) } as unknown as PendingBook;
    const log = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
    router = new CommandRouter({
      instance: ME, localSession: (b) => sessions.get(b), ctrlTarget: (b) => ctrlTargets.get(b), ownership, queue,
      channel, executor, replies: { publish, publishAccepted } as unknown as CommandReplies, pending, handoffMs: HANDOFF_MS, log,
    });
  });

  /** A session that came up here and claimed the board. */
  async function up(id = 1): Promise<FakeSession> {
    const s = new FakeSession(id);
    sessions.set(BOARD, s);
    await router.sessionUp(s);
    return s;
  }

  it('writes to the local session that holds the current epoch', async () => {
    const s = await up(7);
    await router.submit(request('r1'));
    expect(s.epoch).toBe(1);
    expect(written).toEqual([['r1', 7]]);
    expect(replies).toEqual([]);
    expect(queue.items).toEqual([]);
  });

  it('fails at once with reason offline when nobody holds the board and the ttl is 0', async () => {
    await router.submit(request('r1', 0));
    expect(replies).toEqual([['r1', 'failed', expect.objectContaining({ reason: 'offline' })]]);
    expect(queue.items).toEqual([]);
  });

  it('queues for an offline board and delivers in order once its session comes up', async () => {
    for (const id of ['a', 'b', 'c']) await router.submit(request(id, 60));
    expect(replies).toEqual(['a', 'b', 'c'].map((id) => [id, 'queued', { data: { ttl: 60 } }]));
    expect(queue.items.map((i) => [i.request.requestId, i.kind])).toEqual([['a', 'offline'], ['b', 'offline'], ['c', 'offline']]);
    await up(3);
    expect(written).toEqual([['a', 3], ['b', 3], ['c', 3]]);
    expect(queue.fences).toEqual([{ instance: ME, epoch: 1 }]);
  });

  it('delivers what waited for the board before a command that arrives while the session is claimed', async () => {
    await router.submit(request('waited', 60));
    let open!: () => void;
    ownership.claimGate = new Promise<void>((r) => { open = r; });
    const s = new FakeSession(4);
    sessions.set(BOARD, s);
    const claimed = router.sessionUp(s);
    const fresh = router.submit(request('fresh', 60));
    open();
    await Promise.all([claimed, fresh]);
    expect(written).toEqual([['waited', 4], ['fresh', 4]]);
  });

  it('on a wake, drains to the local session and puts back what it could not take, in order', async () => {
    for (const id of ['a', 'b', 'c']) await router.submit(request(id, 60));
    const s = new FakeSession(5);
    s.epoch = 9;
    sessions.set(BOARD, s);
    writable = 1;
    channel.emit({ type: 'wake', board: BOARD });
    await flush();
    expect(queue.fences).toEqual([{ instance: ME, epoch: 9 }]);
    expect(written).toEqual([['a', 5]]);
    expect(queue.items.map((i) => i.request.requestId)).toEqual(['b', 'c']);
  });

  it('answers expired for a queued command whose ttl ran out (sweep)', async () => {
    await router.submit(request('late', 5));
    await router.sweep(Date.now() + 4_000);
    expect(replies).toHaveLength(1);
    await router.sweep(Date.now() + 5_001);
    expect(replies[1]).toEqual(['late', 'expired', { message: 'the board did not come online within 5 s' }]);
    expect(queue.items).toEqual([]);
  });

  it('hands a command to the instance that owns the board and wakes it', async () => {
    ownership.record = { instance: 'bridge-b', epoch: 4, since: 0 };
    const before = Date.now();
    await router.submit(request('r1', 0));
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ kind: 'handoff', request: { requestId: 'r1' } });
    expect(queue.items[0].deadline).toBeGreaterThanOrEqual(before + HANDOFF_MS);
    expect(channel.sent).toEqual([['bridge-b', { type: 'wake', board: BOARD }]]);
    expect(replies).toEqual([]);
  });

  it('wakes the board\'s new holder when it moved while the command was being handed off', async () => {
    ownership.record = { instance: 'bridge-b', epoch: 4, since: 0 };
    const push = queue.push.bind(queue);
    // bridge-c claimed the board (and drained its empty queue) between the owner lookup and the push
    queue.push = async (item) => {
      ownership.record = { instance: 'bridge-c', epoch: 5, since: 0 };
      await push(item);
    };
    await router.submit(request('r1', 60));
    expect(channel.sent).toEqual([['bridge-b', { type: 'wake', board: BOARD }], ['bridge-c', { type: 'wake', board: BOARD }]]);
  });

  it('after putting back what a closed session could not take, wakes the board\'s new holder', async () => {
    for (const id of ['a', 'b']) await router.submit(request(id, 60));
    const s = new FakeSession(5);
    s.epoch = 9;
    sessions.set(BOARD, s);
    writable = 0; // closed between the take and the write; bridge-c has claimed the board meanwhile
    ownership.record = { instance: 'bridge-c', epoch: 10, since: 0 };
    channel.emit({ type: 'wake', board: BOARD });
    await flush();
    await flush();
    expect(queue.items.map((i) => i.request.requestId)).toEqual(['a', 'b']);
    expect(channel.sent).toEqual([['bridge-c', { type: 'wake', board: BOARD }]]);
  });

  it('pushes a queued command only once the broker has taken its queued reply', async () => {
    let accept!: () => void;
    acceptance = new Promise<void>((r) => { accept = r; });
    const submitted = router.submit(request('r1', 60));
    await flush();
    expect(replies.map(([id, status]) => [id, status])).toEqual([['r1', 'queued']]);
    expect(queue.items).toEqual([]);
    accept();
    await submitted;
    expect(queue.items.map((i) => i.request.requestId)).toEqual(['r1']);
  });

  it('fails a hand-off nobody picked up with reason offline', async () => {
    ownership.record = { instance: 'bridge-b', epoch: 4, since: 0 };
    await router.submit(request('r1', 0));
    await router.sweep(Date.now() + HANDOFF_MS + 1);
    expect(replies).toEqual([['r1', 'failed', expect.objectContaining({ reason: 'offline' })]]);
  });

  it('fails with reason routing-unavailable when the owner cannot be looked up', async () => {
    ownership.failure = new RoutingUnavailableError('redis down');
    await router.submit(request('r1', 300));
    expect(replies).toEqual([['r1', 'failed', { reason: 'routing-unavailable',
      message: 'shared state unreachable: redis down' }]]);
    expect(queue.items).toEqual([]);
  });

  it('uses the board\'s /ctrl API when the owner cannot be looked up but one is configured', async () => {
    ownership.failure = new RoutingUnavailableError('redis down');
    ctrlTargets.set(BOARD, CTRL);
    await router.submit(request('r1', 300));
    expect(viaCtrl).toEqual([['r1', CTRL]]);
    expect(replies).toEqual([]);
  });

  it('closes a stale local session as taken-over and does not write to it', async () => {
    const s = await up(2);
    ownership.current = false;
    ownership.record = { instance: 'bridge-b', epoch: 2, since: 0 };
    await router.submit(request('r1', 0));
    expect(s.closed).toEqual(['taken-over']);
    expect(written).toEqual([]);
    expect(channel.sent).toEqual([['bridge-b', { type: 'wake', board: BOARD }]]);
  });

  it('closes the local session on a drop with a higher epoch, not on an older one', async () => {
    const s = await up();
    channel.emit({ type: 'drop', board: BOARD, epoch: 1 });
    expect(s.closed).toEqual([]);
    channel.emit({ type: 'drop', board: BOARD, epoch: 2 });
    expect(s.closed).toEqual(['taken-over']);
  });

  it('sends through the /ctrl API when one is configured and nobody holds the board', async () => {
    ctrlTargets.set(BOARD, CTRL);
    await router.submit(request('r1', 300));
    expect(viaCtrl).toEqual([['r1', CTRL]]);
    expect(queue.items).toEqual([]);
    expect(replies).toEqual([]);
  });

  it('fails with reason routing-unavailable when the queue cannot take the command', async () => {
    queue.push = () => Promise.reject(new RoutingUnavailableError('redis down'));
    await router.submit(request('r1', 60));
    expect(replies.map(([id, status, d]) => [id, status, d.reason])).toEqual([['r1', 'queued', undefined],
      ['r1', 'failed', 'routing-unavailable']]);
  });

  it('on sessionDown fails what was written to that session and releases the board', async () => {
    const s = await up(6);
    await router.sessionDown(s, true);
    expect(lost).toEqual([[BOARD, 6]]);
    expect(ownership.released).toEqual([1]);
    await router.sessionDown(s, false);
    expect(ownership.released).toEqual([1]);
  });
});
