import {
  querySmsReply402, queryTelReply402, statReply999, statReply999Newer, statReply999Older,
} from '../testing/fixtures';
import { parseMessage } from './parse-message';
import type { CallQueryResult, SmsQueryResult, StatResult } from './reply-types';
import type { ReplyMessage } from './types';

const resultOf = (raw: Record<string, unknown>) => (parseMessage(raw, { devId: 'b' }) as ReplyMessage).result;
const EMPTY_SLOT = {
  moduleStatus: null, module: null, simStatus: null, operator: null, plmn: null, operatorName: null,
  signal: null, imsi: null, iccid: null, msisdn: null,
};

describe('§3.2 stat replies in three generations (§6.6)', () => {
  it('§3.2 v1 stat (vendor JSON repaired) reads every documented field', () => {
    expect(resultOf(statReply999.raw)).toEqual<StatResult>({
      kind: 'stat', hwVer: 'Y57v671', dailyRestartHour: 4, dailyOtaHour: 3, pingSeconds: 110,
      wifi: { ssid: 'mywifi', ip: '192.168.7.170', signal: 24 },
      netOrder: [1, 2],
      deviceTime: new Date('2022-04-20T10:47:24Z'),
      slots: {
        1: { ...EMPTY_SLOT, moduleStatus: 'ERR' },
        2: {
          moduleStatus: 'POWON', module: 'EC600NCNLAR03A11M08', simStatus: 'OK', operator: 'T', plmn: null,
          operatorName: null, signal: 78, imsi: '46007337111234', iccid: '89860321745322288888', msisdn: '+8613206411822',
        },
      },
    });
  });

  it('§6.6 older names: schRstHour, sim2iccId without underscore, time', () => {
    const stat = resultOf(statReply999Older.raw) as StatResult;
    expect(stat).toMatchObject({ dailyRestartHour: 4, deviceTime: new Date('2022-04-20T10:47:24Z'), netOrder: [2, 1] });
    expect(stat.slots[2]).toMatchObject({ iccid: '89860321745322288888', imsi: '46007337111234', msisdn: null });
    expect(stat.slots[1].moduleStatus).toBe('NOSIM');
  });

  it('§6.6 [3P] newer names: pingIntvl and slotInfo.simN_plmn / simN_scName', () => {
    const stat = resultOf(statReply999Newer.raw) as StatResult;
    expect(stat).toMatchObject({ pingSeconds: 60, wifi: { ssid: 'office wifi', signal: 80 } });
    expect(stat.slots[1]).toMatchObject({ plmn: '46001', operatorName: 'CHN-UNICOM', signal: 66, simStatus: 'OK' });
    expect(stat.slots[2]).toEqual(EMPTY_SLOT);
  });

  it('§3.2 a stat reply as 402 is recognised by its fields, not its type', () => {
    expect(resultOf({ ...statReply999.raw, type: 402 })).toMatchObject({ kind: 'stat', hwVer: 'Y57v671' });
  });

  it('§3.2 netOrder sent as text is still read', () => {
    expect(resultOf({ type: 999, slot: { netOrder: '2,1' } })).toMatchObject({ netOrder: [2, 1] });
  });

  it('§3.2 a reply with a numeric slot is not a stat', () => {
    expect(resultOf({ type: 999, code: 0, slot: 1 })).toBeNull();
  });
});

describe('§3.2 querysms / querytel replies (402)', () => {
  it('§3.2 querysms rows, offset and limit as numbers', () => {
    expect(resultOf(querySmsReply402.raw)).toEqual<SmsQueryResult>({
      kind: 'sms_query', offset: 1, limit: 10, keyword: null, hasMore: false,
      records: [{ slot: 1, direction: 'in', number: '95555', text: '【招商银行】...', at: new Date(1751417021000) }],
    });
  });

  it('§3.2 querytel rows with direction and connection', () => {
    expect(resultOf(queryTelReply402.raw)).toEqual<CallQueryResult>({
      kind: 'call_query', offset: 1, limit: 3, callType: 0, keyword: null, hasMore: false,
      records: [{
        slot: 1, direction: 'out', number: '053256894747', connected: true,
        startedAt: new Date(1751421911000), endedAt: new Date(1751421941000),
      }],
    });
  });

  it('§3.2 limit + 1 rows means another page exists', () => {
    const rows = [1, 2, 3, 4].map((n) => ({ slot: 1, dir: 1, phNum: `1${n}`, smsBd: 'x', smsTs: 1751417021 }));
    expect(resultOf({ ...querySmsReply402.raw, limit: '3', results: rows })).toMatchObject({ hasMore: true });
  });

  it('§2.4 a query reply without subType is recognised by its rows', () => {
    const { subType: _s, ...noSubType } = queryTelReply402.raw;
    expect(resultOf(noSubType)).toMatchObject({ kind: 'call_query' });
  });

  it('§3.2 junk rows are skipped, a keyword is kept', () => {
    const result = resultOf({ ...querySmsReply402.raw, qkey: '银行', results: [null, 3, 'x', { dir: 7 }] });
    expect(result).toMatchObject({ keyword: '银行', records: [{ direction: null, slot: null, text: null }] });
  });
});
