import type { ReplyDetails } from './command-replies';
import type { CommandRequest, CommandStatus } from './command-types';
import { type BoardAnswer, PendingBook, type PendingCommand } from './pending-book';

const BOARD = '498060912345';
const ACK_MS = 10_000;

interface Settled {
  requestId: string;
  status: CommandStatus;
  details: ReplyDetails;
}

function request(cmd: string, positional: (string | number)[] = [], requestId = `${cmd}-1`, board = BOARD):
  CommandRequest {
  return { requestId, board, cmd, positional, ttlSec: 0, acceptedAt: 0, origin: 'mqtt' };
}

function pending(req: CommandRequest, tid: string, sessionId: number | null = 1,
  stage: PendingCommand['stage'] = 'reply'): PendingCommand {
  return { request: req, tid, sessionId, stage };
}

/** A board message as ingest hands it over: the raw frame plus its type and slot. */
function msg(raw: Record<string, unknown>, data: Record<string, unknown> = {}): BoardAnswer {
  const type = typeof raw.type === 'number' ? raw.type : null;
  const slot = typeof raw.slot === 'number' ? raw.slot : null;
  return { raw: { devId: BOARD, ...raw }, type, slot, data };
}

describe('PendingBook', () => {
  let settled: Settled[];
  let book: PendingBook;

  beforeEach(() => {
    jest.useFakeTimers();
    settled = [];
    book = new PendingBook((p, status, details) => settled.push({ requestId: p.request.requestId, status, details }),
      ACK_MS);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('acknowledges (final) a command without reports on a 999 reply with code 0, with its data', () => {
    book.track(pending(request('stat'), '100'));
    book.onBoardMessage(BOARD, msg({ type: 999, tid: '100', code: 0, hwVer: 'Y57v671', pingSec: 110 }));
    expect(settled).toEqual([{ requestId: 'stat-1', status: 'acknowledged',
      details: { code: 0, data: { hwVer: 'Y57v671', pingSec: 110 } } }]);
    expect(book.size).toBe(0);
    jest.advanceTimersByTime(ACK_MS * 10);
    expect(settled).toHaveLength(1);
  });

  it('accepts the tid echoed back as a number', () => {
    book.track(pending(request('dailyrst', [4]), '200'));
    book.onBoardMessage(BOARD, msg({ tid: 200, code: 0 }));
    expect(settled.map((s) => s.status)).toEqual(['acknowledged']);
  });

  describe('sendsms', () => {
    const sms = () => pending(request('sendsms', [2, '10001', 'hi']), '300');

    it('is acknowledged (not final) and then completed by the 502 with the same tid', () => {
      book.track(sms());
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      expect(settled).toEqual([{ requestId: 'sendsms-1', status: 'acknowledged', details: { code: 0, awaitingReport: true } }]);
      expect(book.size).toBe(1);
      book.onBoardMessage(BOARD, msg({ type: 502, slot: 2, tid: '300' }, { slot: 2, requestId: '300' }));
      expect(settled[1]).toEqual({ requestId: 'sendsms-1', status: 'completed', details: { data: { slot: 2, requestId: '300' } } });
      expect(book.size).toBe(0);
    });

    it('is completed by a 501 carrying our tid (the sendsms page\'s wording)', () => {
      book.track(sms());
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 501, slot: 2, tid: '300', phNum: '10001' }));
      expect(settled.map((s) => s.status)).toEqual(['acknowledged', 'completed']);
    });

    it('is not touched by a 501 without a tid (an incoming SMS) nor by a 502 with another tid', () => {
      book.track(sms());
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 501, slot: 2, phNum: '10001', smsBd: 'hello' }));
      book.onBoardMessage(BOARD, msg({ type: 502, slot: 2, tid: '999' }));
      expect(settled.map((s) => s.status)).toEqual(['acknowledged']);
      expect(book.size).toBe(1);
    });

    it('fails with reason timeout when no report comes within reportTimeoutSec (60 s)', () => {
      book.track(sms());
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      jest.advanceTimersByTime(60_000 - 1);
      expect(settled).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(settled[1]).toMatchObject({ status: 'failed', details: { reason: 'timeout' } });
      expect(book.size).toBe(0);
    });

    it('ignores a second answer once acknowledged', () => {
      book.track(sms());
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      book.onBoardMessage(BOARD, msg({ tid: '300', code: 0 }));
      expect(settled).toHaveLength(1);
    });
  });

  it('fails with reason board and the board\'s message on code 101', () => {
    book.track(pending(request('sendsms', [1, '1', 'x']), '400'));
    book.onBoardMessage(BOARD, msg({ tid: '400', code: 101, msg: 'Invalid arguments.' }));
    expect(settled).toEqual([{ requestId: 'sendsms-1', status: 'failed',
      details: { code: 101, message: 'Invalid arguments.', reason: 'board' } }]);
    expect(book.size).toBe(0);
  });

  describe('simcfu (70x reports carry no tid)', () => {
    it('is completed by a 701 on the same slot', () => {
      book.track(pending(request('simcfu', [1, '13800000000']), '500'));
      book.onBoardMessage(BOARD, msg({ tid: '500', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 701, slot: 1 }, { slot: 1, status: 'set' }));
      expect(settled.map((s) => s.status)).toEqual(['acknowledged', 'completed']);
      expect(settled[1].details).toEqual({ data: { slot: 1, status: 'set' } });
    });

    it('fails with reason board on a 702', () => {
      book.track(pending(request('simcfu', [2]), '501'));
      book.onBoardMessage(BOARD, msg({ tid: '501', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 702, slot: 2 }));
      expect(settled[1]).toMatchObject({ status: 'failed', details: { reason: 'board' } });
    });

    it('matches two pending commands by slot, whatever order the reports come in', () => {
      book.track(pending(request('simcfu', [1, '111'], 'cfu-slot1'), '601'));
      book.track(pending(request('simcfu', [2, '222'], 'cfu-slot2'), '602'));
      book.onBoardMessage(BOARD, msg({ tid: '601', code: 0 }));
      book.onBoardMessage(BOARD, msg({ tid: '602', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 702, slot: 2 }));
      book.onBoardMessage(BOARD, msg({ type: 701, slot: 1 }));
      expect(settled.slice(2).map((s) => [s.requestId, s.status]))
        .toEqual([['cfu-slot2', 'failed'], ['cfu-slot1', 'completed']]);
    });

    it('is not settled by a report for another slot, nor by a report of another kind', () => {
      book.track(pending(request('simcfu', [1, '111']), '700'));
      book.onBoardMessage(BOARD, msg({ tid: '700', code: 0 }));
      book.onBoardMessage(BOARD, msg({ type: 701, slot: 2 }));
      book.onBoardMessage(BOARD, msg({ type: 703, slot: 1 }));
      book.onBoardMessage(BOARD, msg({ type: 682, slot: 1 }));
      expect(settled).toHaveLength(1);
      jest.advanceTimersByTime(90_000);
      expect(settled[1]).toMatchObject({ status: 'failed', details: { reason: 'timeout' } });
    });
  });

  it('fails with reason timeout when the board does not answer within the ack timeout', () => {
    book.track(pending(request('stat'), '800'));
    jest.advanceTimersByTime(ACK_MS - 1);
    expect(settled).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(settled).toEqual([{ requestId: 'stat-1', status: 'failed',
      details: { reason: 'timeout', message: 'no answer from the board in time' } }]);
    book.onBoardMessage(BOARD, msg({ type: 999, tid: '800', code: 0 }));
    expect(settled).toHaveLength(1);
  });

  it('does nothing with a reply for an unknown tid or for another board', () => {
    book.track(pending(request('stat'), '900'));
    book.onBoardMessage(BOARD, msg({ type: 999, tid: '901', code: 0 }));
    book.onBoardMessage(BOARD, msg({ tid: '901', code: 101, msg: 'Invalid arguments.' }));
    book.onBoardMessage('other-board', msg({ type: 999, tid: '900', code: 0 }));
    expect(settled).toHaveLength(0);
    expect(book.size).toBe(1);
  });

  it('fails only the commands of the session that was lost', () => {
    book.track(pending(request('stat', [], 'on-old'), '1', 7));
    book.track(pending(request('sendsms', [1, '1', 'x'], 'on-new'), '2', 8));
    book.track(pending(request('stat', [], 'other-board', 'b2'), '3', 7));
    book.sessionLost(BOARD, 7);
    expect(settled).toEqual([{ requestId: 'on-old', status: 'failed',
      details: { reason: 'session-lost', message: 'the board session closed before the answer' } }]);
    expect(book.size).toBe(2);
    jest.advanceTimersByTime(ACK_MS);
    expect(settled.filter((s) => s.requestId === 'on-old')).toHaveLength(1);
  });

  it('fails everything on failAll and leaves no timer behind', () => {
    book.track(pending(request('stat', [], 'a'), '1'));
    book.track(pending(request('sendsms', [1, '1', 'x'], 'b', 'b2'), '2', null, 'report'));
    book.failAll('shutting down');
    expect(settled.map((s) => [s.requestId, s.status, s.details.reason, s.details.message]))
      .toEqual([['a', 'failed', 'session-lost', 'shutting down'], ['b', 'failed', 'session-lost', 'shutting down']]);
    expect(book.size).toBe(0);
    jest.advanceTimersByTime(120_000);
    expect(settled).toHaveLength(2);
  });

  describe('stage report (the /ctrl path already answered)', () => {
    it('skips the reply stage: no ack timeout, no second acknowledged, the report completes it', () => {
      book.track(pending(request('sendsms', [1, '10001', 'hi']), '1000', null, 'report'));
      jest.advanceTimersByTime(ACK_MS + 1);
      expect(settled).toHaveLength(0);
      book.onBoardMessage(BOARD, msg({ tid: '1000', code: 0 }));
      expect(settled).toHaveLength(0);
      book.onBoardMessage(BOARD, msg({ type: 502, slot: 1, tid: '1000' }));
      expect(settled.map((s) => s.status)).toEqual(['completed']);
    });

    it('waits reportTimeoutSec for the report before failing', () => {
      book.track(pending(request('simcfu', [1, '1']), '1100', null, 'report'));
      jest.advanceTimersByTime(90_000 - 1);
      expect(settled).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(settled).toMatchObject([{ status: 'failed', details: { reason: 'timeout' } }]);
    });
  });
});
