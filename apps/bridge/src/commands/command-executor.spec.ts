import { CommandExecutor, type CtrlAnswer, type CtrlSender, type CtrlTarget } from './command-executor';
import type { CommandReplies, ReplyDetails, ReplyTarget } from './command-replies';
import type { CommandRequest, CommandStatus } from './command-types';
import type { DownlinkSession } from './downlink-session';
import type { PendingBook, PendingCommand } from './pending-book';
import { TidSource } from './tid-source';

/** A board TCP session that records what is written to it. */
class FakeSession implements DownlinkSession {
  readonly devId = '498060912345';
  epoch?: number;
  isOpen = true;
  accepts = true;
  readonly frames: object[] = [];
  readonly closed: string[] = [];

  constructor(readonly id = 11) {}

  send(frame: object): boolean {
    if (!this.accepts) return false;
    this.frames.push(frame);
    return true;
  }

  close(reason: 'taken-over' | 'replaced'): void {
    this.closed.push(reason);
    this.isOpen = false;
  }
}

class FakeCtrl implements CtrlSender {
  readonly calls: { target: CtrlTarget; cmd: { cmd: string; positional: (string | number)[] }; tid?: string }[] = [];
  answer: CtrlAnswer = { ok: true, code: 0, data: {} };
  error?: Error;

  send(target: CtrlTarget, cmd: { cmd: string; positional: (string | number)[] }, tid?: string): Promise<CtrlAnswer> {
    this.calls.push({ target, cmd, tid });
    return this.error ? Promise.reject(this.error) : Promise.resolve(this.answer);
  }
}

const TARGET: CtrlTarget = { url: 'http://192.168.7.170', token: '3f4bffa77257d243875d0a5a80635934' };

function request(cmd: string, positional: (string | number)[] = []): CommandRequest {
  return { requestId: `${cmd}-req`, board: '498060912345', cmd, positional, ttlSec: 0, acceptedAt: 0, origin: 'mqtt' };
}

describe('CommandExecutor', () => {
  let published: { requestId: string; status: CommandStatus; details: ReplyDetails }[];
  let tracked: PendingCommand[];
  let ctrl: FakeCtrl;
  let executor: CommandExecutor;

  beforeEach(() => {
    published = [];
    tracked = [];
    ctrl = new FakeCtrl();
    const replies = { publish: (t: ReplyTarget, status: CommandStatus, details: ReplyDetails = {}) => {
      published.push({ requestId: t.requestId, status, details });
    } } as unknown as CommandReplies;
    const pending = { track: (p: PendingCommand) => tracked.push(p) } as unknown as PendingBook;
    executor = new CommandExecutor(replies, pending, new TidSource(() => 1_000), ctrl);
  });

  describe('writeTcp', () => {
    it('writes sendsms as {cmd, p1, p2, p3, tid} with numbers as JSON numbers, then waits for the answer', () => {
      const session = new FakeSession();
      const req = request('sendsms', [2, '10001', '查话费']);
      expect(executor.writeTcp(req, session)).toBe(true);
      expect(session.frames).toEqual([{ cmd: 'sendsms', p1: 2, p2: '10001', p3: '查话费', tid: '1000000' }]);
      expect(JSON.stringify(session.frames[0])).toBe('{"cmd":"sendsms","p1":2,"p2":"10001","p3":"查话费","tid":"1000000"}');
      expect(published).toEqual([{ requestId: 'sendsms-req', status: 'sent', details: { data: { tid: '1000000' } } }]);
      expect(tracked).toEqual([{ request: req, tid: '1000000', sessionId: 11, stage: 'reply' }]);
    });

    it('sends restart without a tid and completes it right after sent', () => {
      const session = new FakeSession();
      expect(executor.writeTcp(request('restart'), session)).toBe(true);
      expect(session.frames).toEqual([{ cmd: 'restart' }]);
      expect(published.map((p) => [p.status, p.details])).toEqual([['sent', {}], ['completed', {}]]);
      expect(tracked).toHaveLength(0);
    });

    it('gives now a tid (the board needs one over TCP) but, answering nothing, completes it at once', () => {
      const session = new FakeSession();
      executor.writeTcp(request('now', ['20260301120000']), session);
      expect(session.frames).toEqual([{ cmd: 'now', p1: '20260301120000', tid: '1000000' }]);
      expect(published.map((p) => p.status)).toEqual(['sent', 'completed']);
      expect(tracked).toHaveLength(0);
    });

    it('gives stat a tid and tracks its answer', () => {
      const session = new FakeSession(12);
      executor.writeTcp(request('stat'), session);
      expect(session.frames).toEqual([{ cmd: 'stat', tid: '1000000' }]);
      expect(tracked).toMatchObject([{ tid: '1000000', sessionId: 12, stage: 'reply' }]);
    });

    it('passes an unknown command through with a tid, so its answer can be matched', () => {
      const session = new FakeSession();
      executor.writeTcp(request('slotpwr', [2, 'off']), session);
      expect(session.frames).toEqual([{ cmd: 'slotpwr', p1: 2, p2: 'off', tid: '1000000' }]);
      expect(tracked).toHaveLength(1);
    });

    it('returns false and publishes nothing when the session is closed', () => {
      const session = new FakeSession();
      session.isOpen = false;
      expect(executor.writeTcp(request('sendsms', [1, '1', 'x']), session)).toBe(false);
      expect(session.frames).toHaveLength(0);
      expect(published).toHaveLength(0);
      expect(tracked).toHaveLength(0);
    });

    it('returns false and publishes nothing when the session refuses the frame', () => {
      const session = new FakeSession();
      session.accepts = false;
      expect(executor.writeTcp(request('restart'), session)).toBe(false);
      expect(published).toHaveLength(0);
    });

    it('uses a new tid for every command', () => {
      const session = new FakeSession();
      executor.writeTcp(request('stat'), session);
      executor.writeTcp(request('stat'), session);
      expect(tracked.map((p) => p.tid)).toEqual(['1000000', '1000001']);
    });
  });

  describe('sendCtrl', () => {
    it('acknowledges (final) on ok, after sent naming the /ctrl path', async () => {
      await executor.sendCtrl(request('dailyrst', [4]), TARGET);
      expect(ctrl.calls).toEqual([{ target: TARGET, cmd: { cmd: 'dailyrst', positional: [4] }, tid: '1000000' }]);
      expect(published).toEqual([
        { requestId: 'dailyrst-req', status: 'sent', details: { data: { tid: '1000000', via: 'ctrl' } } },
        { requestId: 'dailyrst-req', status: 'acknowledged', details: { code: 0 } },
      ]);
      expect(tracked).toHaveLength(0);
    });

    it('puts the answer\'s data in the acknowledged reply (stat)', async () => {
      ctrl.answer = { ok: true, code: null, data: { hwVer: 'Y57v671' } };
      await executor.sendCtrl(request('stat'), TARGET);
      expect(published[1]).toEqual({ requestId: 'stat-req', status: 'acknowledged', details: { data: { hwVer: 'Y57v671' } } });
    });

    it('fails with reason board on code 101', async () => {
      ctrl.answer = { ok: false, code: 101, message: 'Invalid arguments.', data: {} };
      await executor.sendCtrl(request('dailyrst', [4]), TARGET);
      expect(published[1]).toEqual({ requestId: 'dailyrst-req', status: 'failed',
        details: { code: 101, message: 'Invalid arguments.', reason: 'board' } });
    });

    it('fails with reason ctrl-unreachable when the call throws a retryable error', async () => {
      ctrl.error = Object.assign(new Error('connect ECONNREFUSED 192.168.7.170:80'), { retryable: true });
      await expect(executor.sendCtrl(request('stat'), TARGET)).resolves.toBeUndefined();
      expect(published.map((p) => p.status)).toEqual(['sent', 'failed']);
      expect(published[1].details).toEqual({ reason: 'ctrl-unreachable', message: 'connect ECONNREFUSED 192.168.7.170:80' });
    });

    it('fails with reason board when the error is not retryable', async () => {
      ctrl.error = new Error('wrong token');
      await executor.sendCtrl(request('stat'), TARGET);
      expect(published[1].details).toMatchObject({ reason: 'board', message: 'wrong token' });
    });

    it('acknowledges sendsms without finishing it and tracks the 502 by tid (stage report)', async () => {
      const req = request('sendsms', [1, '10001', 'hi']);
      await executor.sendCtrl(req, TARGET);
      expect(published[1]).toEqual({ requestId: 'sendsms-req', status: 'acknowledged',
        details: { code: 0, awaitingReport: true } });
      expect(tracked).toEqual([{ request: req, tid: '1000000', sessionId: null, stage: 'report' }]);
    });

    it('completes restart once the board took it', async () => {
      ctrl.answer = { ok: true, code: null, data: {} };
      await executor.sendCtrl(request('restart'), TARGET);
      expect(published.map((p) => p.status)).toEqual(['sent', 'completed']);
    });

    it('refuses when no /ctrl client is configured, before publishing anything', async () => {
      const publish = jest.fn();
      const bare = new CommandExecutor({ publish } as unknown as CommandReplies,
        { track: jest.fn() } as unknown as PendingBook, new TidSource());
      await expect(bare.sendCtrl(request('stat'), TARGET)).rejects.toThrow('no /ctrl client configured');
      expect(publish).not.toHaveBeenCalled();
    });
  });
});
