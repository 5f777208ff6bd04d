import { ALL_FIXTURES, FIXTURES } from '../testing/fixtures';
import { parseMessage } from './parse-message';
import type { BoardMessage } from './types';

const SIM = { imsi: '46007337111234', iccid: '898607D3161990212345', msisdn: '+8613206411822' };
const CALL_START = new Date('2022-03-15T11:42:20.000Z');
const CALL_END = new Date('2022-03-15T11:47:20.000Z');
const SMS_AT = new Date('2022-03-15T11:47:20.456Z');
const SMS_AT_SECONDS = new Date('2022-03-15T11:47:20.000Z');
const SMS_TEXT = '您的话费余额是100元。【中国移动】';
const sms = { kind: 'sms_received', type: 501, slot: 1, ...SIM, from: '10086', text: SMS_TEXT, sentAt: SMS_AT };
const call = (type: number, direction: string, phase: string) =>
  ({ kind: 'call', type, direction, phase, slot: 1, ...SIM, number: '10086', startedAt: CALL_START, endedAt: null });
const control = (type: number, result: string) => ({ kind: 'call_control', type, result, slot: 1, tid: '1700000000' });
const online100 = { kind: 'online', type: 100, netCh: 0, ip: '192.168.7.170', ssid: 'mywifi', signal: 61, slot: null };
const forwarding = { kind: 'call_forwarding', slot: 1, imsi: '460115191234567', target: '053289265468' };
const simReady = { kind: 'sim', type: 204, status: 'ready', slot: 1, ...SIM, signal: 61 };

/** What each fixture must parse to (a subset of the model; `toMatchObject`). */
const EXPECTED: Record<string, Record<string, unknown>> = {
  online100: { ...online100, devId: '498060912345', hwVer: null, msgTs: null },
  online100Newer: { kind: 'online', devId: 'f8efb2835b9e', hwVer: 'Y57v688', ip: '192.168.1.236', signal: 68, ssid: null },
  online101: { kind: 'online', type: 101, netCh: 1, slot: 1, signal: 61, ip: null },
  online102: { kind: 'online', type: 102, netCh: 2, slot: 2, signal: 61 },
  sim202: { kind: 'sim', status: 'initializing', slot: 1, imsi: null, signal: null },
  sim203: { kind: 'sim', status: 'identified', slot: 1, ...SIM, signal: null },
  sim204: simReady,
  sim205: { kind: 'sim', status: 'removed', slot: 1 },
  sim209: { kind: 'sim', status: 'error', slot: 1 },
  modem301: { kind: 'modem_error', type: 301, slot: 1 },
  sms501: { ...sms, charset: 'utf8', tid: null },
  smsSent502: { kind: 'sms_sent', type: 502, slot: 1, tid: '1647344840' },
  call601: call(601, 'in', 'ringing'),
  call602: call(602, 'in', 'answered'),
  call603: { ...call(603, 'in', 'ended'), endedAt: CALL_END },
  call620: call(620, 'out', 'dialing'),
  call621: call(621, 'out', 'ringing'),
  call622: call(622, 'out', 'connected'),
  call623: call(623, 'out', 'ended'),
  dtmf641: { kind: 'dtmf', side: 'local', key: '1', slot: 1, number: '10086', startedAt: CALL_START },
  dtmf642: { kind: 'dtmf', side: 'remote', key: '#', slot: 1 },
  forwarding701: { ...forwarding, type: 701, status: 'set', reason: null },
  forwarding702: { ...forwarding, type: 702, status: 'failed', reason: 'ERROR:0' },
  forwarding703: { ...forwarding, type: 703, status: 'current' },
  ping998: { kind: 'ping', count: 1, netCh: 0 },
  handshakeAck999: { kind: 'reply', devId: '498060912345', code: 0, tid: '1234', result: null, netCh: 0 },
  dialOk681: control(681, 'dial_ok'),
  dialFailed682: control(682, 'dial_failed'),
  amrOk683: control(683, 'amr_ok'),
  answerOk684: control(684, 'answer_ok'),
  answerFailed685: control(685, 'answer_failed'),
  ttsStarted687: control(687, 'tts_started'),
  ttsFailed688: control(688, 'tts_failed'),
  ttsFinished689: control(689, 'tts_finished'),
  recordingUploaded695: { kind: 'unknown', type: 695, raw: { telMediaId: 'media-123', tid: 'rec-1' } },
  statReply999: { kind: 'reply', code: null, result: { kind: 'stat', hwVer: 'Y57v671', pingSeconds: 110 } },
  statReply999Older: { kind: 'reply', tid: '1650451644', result: { kind: 'stat', dailyRestartHour: 4 } },
  statReply999Newer: { kind: 'reply', code: 0, result: { kind: 'stat', pingSeconds: 60 } },
  askSimCfuReply999: {
    kind: 'reply', devId: 'f8efb2835b0x', code: 0, tid: '1234', result: null,
    message: 'Querying the Call Forwarding Unconditional of slot 1',
  },
  invalidArgsReply999: { kind: 'reply', code: 101, message: 'Invalid arguments.', tid: 'bad-1' },
  querySmsReply402: { kind: 'reply', type: 402, subType: 30, msgTs: new Date(1751460187000), result: { kind: 'sms_query' } },
  queryTelReply402: { kind: 'reply', type: 402, subType: 31, result: { kind: 'call_query', callType: 0 } },
  commandReceived401: { kind: 'reply', type: 401, code: 0, tid: 'cmd-7' },
  online100Form: online100,
  sim204Form: simReady,
  sms501Form: sms,
  smsSent502Form: { kind: 'sms_sent', type: 502, slot: 1, tid: '1647344840', netCh: 0 },
  call603Form: { ...call(603, 'in', 'ended'), endedAt: CALL_END, netCh: 0 },
  ping998Form: { kind: 'ping', count: 1, netCh: 0 },
  online100EncodedSsid: { kind: 'online', ssid: '我的 wifi' },
  online100Aliased: online100,
  sim204WithPlmn: { ...simReady, plmn: '46000', operatorName: 'CHINA MOBILE' },
  sms501SmsTs: { ...sms, sentAt: SMS_AT_SECONDS },
  sms501SmsTm12: { ...sms, sentAt: SMS_AT_SECONDS },
  sms501Urlen: { ...sms, charset: 'urlen', from: '+8610086', text: '余额 100元' },
  sms501UrlenMalformed: { ...sms, text: '100% sure \uFFFD' },
  sms501SendReport: { kind: 'sms_sent', type: 501, slot: 1, tid: '1647344840' },
  sms501WithTid: { ...sms, tid: 'x-1' },
  call603TelTs: { ...call(603, 'in', 'ended'), endedAt: CALL_END },
  online100MsgTs: { ...online100, msgTs: new Date(1751460187000) },
};

describe('parseMessage on every fixture (board-protocol §2.3, §3.2 and variants)', () => {
  it('has an expected model for every exported fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  it.each(ALL_FIXTURES)('%s parses to the expected model', (name, fixture) => {
    const msg: BoardMessage = parseMessage(fixture.raw, fixture.parseOptions);
    expect(msg).toMatchObject(EXPECTED[name]);
  });

  it.each(ALL_FIXTURES)('%s keeps the received fields in raw', (_name, fixture) => {
    const msg = parseMessage(fixture.raw, fixture.parseOptions);
    expect(msg.raw).toEqual(fixture.raw);
    expect(msg.raw).not.toBe(fixture.raw);
  });
});
