import { ALL_FIXTURES, asFormFields, online100, sms501, call601, dtmf641, sim204 } from '../testing/fixtures';
import { parseMessage } from './parse-message';
import type { BoardMessage } from './types';

const DEV = '498060912345';
const without = ({ raw: _raw, ...model }: BoardMessage) => model;
const isFlat = (raw: Readonly<Record<string, unknown>>) => Object.values(raw).every((v) => typeof v !== 'object' || v === null);

describe('§1.2 FORM uploads: numbers arrive as strings', () => {
  const flat = ALL_FIXTURES.filter(([, fx]) => isFlat(fx.raw));

  it.each(flat)('%s as all-string FORM fields parses to the same model', (_name, fx) => {
    const fromJson = parseMessage(fx.raw, fx.parseOptions);
    const fromForm = parseMessage(asFormFields(fx.raw), fx.parseOptions);
    expect(without(fromForm)).toEqual(without(fromJson));
  });

  it('§6.10 accepts padded numeric text and a numeric devId', () => {
    const msg = parseMessage({ devId: 498060912345, type: ' 501 ', slot: '2', smsTm: ' 1647344840456 ', smsBd: 'x' });
    expect(msg).toMatchObject({ devId: DEV, type: 501, slot: 2, sentAt: new Date(1647344840456) });
  });

  it('§5.1 a slot other than 1 or 2 is unknown, not an error', () => {
    expect(parseMessage({ ...sim204.raw, slot: 3 })).toMatchObject({ kind: 'sim', slot: null });
  });

  it('§2.3 dbm −1 ("not known yet") is a null signal', () => {
    expect(parseMessage({ ...sim204.raw, dbm: '-1' })).toMatchObject({ signal: null });
  });
});

describe('§6.4 SMS time in every documented form', () => {
  const sentAt = (smsFields: Record<string, unknown>) =>
    (parseMessage({ ...withoutTime(sms501.raw), ...smsFields }) as { sentAt: Date | null }).sentAt;

  it('§6.4 smsTm in milliseconds (13 digits)', () => {
    expect(sentAt({ smsTm: 1647344840456 })).toEqual(new Date('2022-03-15T11:47:20.456Z'));
  });
  it('§6.4 smsTm in seconds (10 digits)', () => {
    expect(sentAt({ smsTm: 1647344840 })).toEqual(new Date('2022-03-15T11:47:20Z'));
  });
  it('§6.4 smsTs in seconds (newer firmware)', () => {
    expect(sentAt({ smsTs: '1647344840' })).toEqual(new Date('2022-03-15T11:47:20Z'));
  });
  it('§6.4 smsTm with 12 digits is yyMMddHHmmss in the board zone (UTC+8, §5.2)', () => {
    expect(sentAt({ smsTm: 220315194720 })).toEqual(new Date('2022-03-15T11:47:20Z'));
  });
  it('§6.4 smsTm wins over smsTs when both are sent', () => {
    expect(sentAt({ smsTm: 1647344840456, smsTs: 1 })).toEqual(new Date(1647344840456));
  });
  it('§1.2 a clock that was never set (1970) gives no time rather than a wrong one', () => {
    expect(sentAt({ smsTm: 5000 })).toBeNull();
  });
  it('§6.4 an impossible 12-digit date or junk gives no time', () => {
    expect(sentAt({ smsTm: '221345194720' })).toBeNull();
    expect(sentAt({ smsTm: 'yesterday' })).toBeNull();
  });
});

describe('§6.5 call times: startTm/endTm and telStartTs/telEndTs', () => {
  it('§6.5 telStartTs and telEndTs are read like startTm and endTm', () => {
    const msg = parseMessage({ devId: DEV, type: 603, slot: 1, phNum: '10086', telStartTs: 1647344540, telEndTs: '1647344840' });
    expect(msg).toMatchObject({ startedAt: new Date(1647344540000), endedAt: new Date(1647344840000) });
  });
  it('§2.1 msgTs is read on any message', () => {
    expect(parseMessage({ ...online100.raw, msgTs: '1751460187' }).msgTs).toEqual(new Date(1751460187000));
  });
});

describe('§2.3 501 charset', () => {
  const sms = (fields: Record<string, unknown>) => parseMessage({ ...sms501.raw, ...fields });

  it('§2.3 charset=urlen decodes phNum and smsBd, keeping + in numbers', () => {
    expect(sms({ charset: 'urlen', phNum: '+86100%38%36', smsBd: 'a%20b+c' })).toMatchObject({ from: '+8610086', text: 'a b+c' });
  });
  it('§2.3 charset is matched case-insensitively', () => {
    expect(sms({ charset: 'URLEN', smsBd: '%41' })).toMatchObject({ text: 'A' });
  });
  it('§2.3 charset=urlen tolerates malformed % sequences', () => {
    expect(sms({ charset: 'urlen', smsBd: '%zz 100% %E4%BD%A0%E4' })).toMatchObject({ text: '%zz 100% 你\uFFFD' });
  });
  it('§2.3 charset=utf8 leaves % untouched', () => {
    expect(sms({ charset: 'utf8', smsBd: '%41' })).toMatchObject({ text: '%41' });
  });
  it('§2.3 701–703 targets follow charset=urlen too', () => {
    const msg = parseMessage({ devId: DEV, type: 703, slot: 1, phNum: '%2B8613800000000', charset: 'urlen' });
    expect(msg).toMatchObject({ target: '+8613800000000' });
  });
});

describe('§1.2 ssid is URL-encoded by default', () => {
  const ssid = (value: unknown) => (parseMessage({ ...online100.raw, ssid: value }) as { ssid: string | null }).ssid;

  it('§1.2 decodes an encoded ssid once more', () => expect(ssid('caf%C3%A9%20net')).toBe('café net'));
  it('§1.2 leaves a plain ssid alone', () => expect(ssid('mywifi')).toBe('mywifi'));
  it('§1.2 tolerates a stray % in a plain ssid', () => expect(ssid('50%off')).toBe('50%off'));
  it('§1.2 decodes only once (%2541 stays %41)', () => expect(ssid('%2541')).toBe('%41'));
});

describe('§2.4 board-side customisation', () => {
  const aliases = { apName: 'ssid', apDBm: 'dbm' };

  it('§2.4 aliases rename board fields to the standard names', () => {
    const msg = parseMessage({ devId: DEV, type: 100, apName: 'x', apDBm: '40' }, { aliases });
    expect(msg).toMatchObject({ ssid: 'x', signal: 40 });
  });
  it('§2.4 an alias can rename devId and type too', () => {
    const msg = parseMessage({ id: 'b1', t: '998', cnt: 3 }, { aliases: { id: 'devId', t: 'type' } });
    expect(msg).toMatchObject({ kind: 'ping', devId: 'b1', count: 3 });
  });
  it('§2.4 the standard field wins when both names are present', () => {
    expect(parseMessage({ ...online100.raw, apName: 'alias' }, { aliases })).toMatchObject({ ssid: 'mywifi' });
  });
  it('§2.4 user parameters and string arrays are kept in raw', () => {
    const msg = parseMessage({ ...online100.raw, uids: ['a', 'b'], content: 'hi' });
    expect(msg.raw).toMatchObject({ uids: ['a', 'b'], content: 'hi' });
  });
  it('§2.4 a disabled field is simply absent', () => {
    expect(parseMessage({ devId: DEV, type: 501, slot: 1 })).toMatchObject({ from: null, text: null, sentAt: null });
  });
});

describe('§6.1, §6.7, §6.8: contradictions resolved', () => {
  it('§6.1 a 501 carrying only a tid is the send report', () => {
    expect(parseMessage({ devId: DEV, type: 501, slot: 2, tid: 7 })).toMatchObject({ kind: 'sms_sent', tid: '7', slot: 2 });
  });
  it('§6.1 a 501 with a body and a tid stays an incoming SMS', () => {
    expect(parseMessage({ ...sms501.raw, tid: 't' })).toMatchObject({ kind: 'sms_received', tid: 't' });
  });
  it('§6.7 641 is the local key, 642 the remote one', () => {
    expect(parseMessage(dtmf641.raw)).toMatchObject({ side: 'local', key: '1' });
    expect(parseMessage({ ...dtmf641.raw, type: 642, reason: 5 })).toMatchObject({ side: 'remote', key: '5' });
  });
  it('§6.8 685 is answer_failed (vendor), 683 amr_ok (3P), 686 undocumented', () => {
    const result = (type: number) => (parseMessage({ devId: DEV, type }) as { result: string }).result;
    expect([result(683), result(685), result(686)]).toEqual(['amr_ok', 'answer_failed', 'undocumented']);
  });
  it('§2.2 [3P] a 68x failure note is the reason', () => {
    expect(parseMessage({ devId: DEV, type: 682, note: 'no credit' })).toMatchObject({ reason: 'no credit' });
  });
});

describe('§1.4 replies without devId', () => {
  it('§1.4 the handshake ack takes the session devId', () => {
    const msg = parseMessage({ code: 0, type: 999, netCh: 0, tid: '1234' }, { devId: 'board-7' });
    expect(msg).toMatchObject({ kind: 'reply', devId: 'board-7', code: 0, tid: '1234' });
  });
  it('§1.4 the message devId wins over the session devId', () => {
    expect(parseMessage(call601.raw, { devId: 'other' }).devId).toBe(DEV);
  });
});

describe('unknown and future types', () => {
  it('§2.2 an unknown type is kept with its raw fields', () => {
    const msg = parseMessage({ devId: DEV, type: 777, custom: { a: 1 } });
    expect(msg).toEqual({ kind: 'unknown', devId: DEV, type: 777, netCh: null, msgTs: null, raw: { devId: DEV, type: 777, custom: { a: 1 } } });
  });
  it('§1.4 netCh of 100/101/102 is implied by the type when missing', () => {
    expect(parseMessage({ devId: DEV, type: '102', dbm: 5 })).toMatchObject({ netCh: 2, slot: 2 });
  });
});

function withoutTime(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { smsTm: _smsTm, ...rest } = raw;
  return rest;
}
