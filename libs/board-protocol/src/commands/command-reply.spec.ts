import { classifyBoardReply, reportOutcome } from './command-reply';
import { commandNames } from './command-table';

describe('classifyBoardReply (§3.1)', () => {
  it('reads the 999 handshake ack (§1.4)', () => {
    expect(classifyBoardReply({ code: 0, type: 999, netCh: 0, tid: '1234' }))
      .toStrictEqual({ tid: '1234', code: 0, ok: true, type: 999, data: {} });
  });

  it('reads a v1 stat answer, which has no code, keeping the result in data', () => {
    const reply = classifyBoardReply({
      devId: '498060912345', hwVer: 'Y57v671', dailyRst: 4, pingSec: 110, netCh: 0,
      wifi: { ssid: 'mywifi' }, devTime: '220420184724', type: 999, tid: 's1',
    });
    expect(reply).toStrictEqual({
      tid: 's1', code: null, ok: true, type: 999,
      data: { hwVer: 'Y57v671', dailyRst: 4, pingSec: 110, wifi: { ssid: 'mywifi' }, devTime: '220420184724' },
    });
  });

  it('reads the asksimcfu answer, its text as the message', () => {
    const val = 'Querying the Call Forwarding Unconditional of slot 1';
    expect(classifyBoardReply({ code: 0, val, type: 999, netCh: 0, tid: '1234' }))
      .toStrictEqual({ tid: '1234', code: 0, ok: true, type: 999, message: val, data: { val } });
  });

  it('reads a 402 querysms result (subType 30) without the envelope fields', () => {
    const results = [{ slot: 1, dir: 0, phNum: '95555', smsBd: '【招商银行】', smsTs: 1751417021 }];
    const reply = classifyBoardReply({
      subType: 30, code: 0, qkey: '', offset: '1', limit: '10', results,
      devId: 'e51e9881265a3c8', type: 402, netCh: 0, msgTs: 1751460187, tid: 'q1',
    });
    expect(reply).toStrictEqual({
      tid: 'q1', code: 0, ok: true, type: 402, data: { subType: 30, qkey: '', offset: '1', limit: '10', results },
    });
  });

  it('reads a 401 "command received" without a code as ok', () => {
    expect(classifyBoardReply({ devId: 'd', type: 401, tid: 'a' })).toMatchObject({ tid: 'a', ok: true, code: null, type: 401 });
  });

  it('reads an untyped error answer by its code field (§1.5)', () => {
    expect(classifyBoardReply({ code: 101, msg: 'Invalid arguments.', tid: 'e1' }))
      .toStrictEqual({ tid: 'e1', code: 101, ok: false, type: null, message: 'Invalid arguments.', data: {} });
  });

  it('accepts FORM-style strings for type and code, and a numeric tid', () => {
    expect(classifyBoardReply({ code: '0', type: '999', tid: 1234 })).toMatchObject({ tid: '1234', code: 0, type: 999, ok: true });
  });

  it('treats an unreadable code as a failure', () => {
    expect(classifyBoardReply({ code: 'oops', tid: 'x' })).toMatchObject({ code: null, ok: false });
  });

  it.each<[string, unknown]>([
    ['no tid', { code: 0, type: 999 }],
    ['a 502 report with tid', { devId: 'd', type: 502, slot: 1, tid: '1647344840', netCh: 0 }],
    ['a 501 with tid', { devId: 'd', type: 501, tid: '1', smsBd: 'x' }],
    ['a ping', { devId: 'd', type: 998, cnt: 1, tid: '1' }],
    ['an empty tid', { code: 0, type: 999, tid: '' }],
    ['an object tid', { code: 0, type: 999, tid: { a: 1 } }],
    ['a fractional tid', { code: 0, type: 999, tid: 1.5 }],
    ['an inherited tid', Object.create({ tid: 'x', code: 0 })],
    ['null', null],
    ['an array', [{ tid: 'x', code: 0 }]],
  ])('is not a reply: %s', (_what, frame) => {
    expect(classifyBoardReply(frame as Record<string, unknown>)).toBeNull();
  });

  it('copies a __proto__ field as data without touching prototypes', () => {
    const frame = JSON.parse('{"type":999,"tid":"p","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const reply = classifyBoardReply(frame);
    expect(Object.keys(reply!.data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(reply!.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('reportOutcome', () => {
  it.each<[string, number, 'completed' | 'failed' | null]>([
    ['sendsms', 502, 'completed'],
    ['sendsms', 501, 'completed'], // §6.1: tolerated when it carries the tid
    ['sendsms', 998, null],
    ['simcfu', 701, 'completed'],
    ['simcfu', 702, 'failed'],
    ['simcfu', 703, null],
    ['asksimcfu', 703, 'completed'],
    ['asksimcfu', 702, null],
    ['teldial', 681, 'completed'],
    ['teldial', 682, 'failed'],
    ['teldial', 620, null],
    ['telanswer', 684, 'completed'],
    ['telanswer', 685, 'failed'],
    ['teltts', 687, 'completed'],
    ['teltts', 689, 'completed'],
    ['teltts', 688, 'failed'],
    ['TELTTS', 688, 'failed'],
    ['stoptts', 689, null],
    ['telkeypress', 641, null],
    ['unknowncmd', 502, null],
  ])('%s + %i → %s', (cmd, type, outcome) => {
    expect(reportOutcome(cmd, type)).toBe(outcome);
  });

  it('says nothing for commands without reports', () => {
    const withReports = ['sendsms', 'simcfu', 'asksimcfu', 'teldial', 'telanswer', 'teltts'];
    const silent = commandNames().filter((cmd) => !withReports.includes(cmd));
    for (const cmd of silent) {
      for (const type of [501, 502, 681, 682, 684, 685, 687, 688, 689, 701, 702, 703]) expect(reportOutcome(cmd, type)).toBeNull();
    }
  });
});
