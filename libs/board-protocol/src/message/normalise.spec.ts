import {
  ALL_FIXTURES, call601, call603, call623, dialFailed682, dtmf642, forwarding702, handshakeAck999, online100,
  online100MsgTs, online101, ping998, recordingUploaded695, sim204, sim205, sms501, sms501SendReport, smsSent502,
  statReply999,
} from '../testing/fixtures';
import type { BoardFixture } from '../testing/fixtures';
import type { EventName } from './envelope';
import { normalise } from './normalise';
import { parseMessage } from './parse-message';

const receivedAt = new Date('2024-05-01T08:00:00.000Z');
const envelopeOf = (fx: BoardFixture, transport: 'tcp' | 'http' = 'tcp') =>
  normalise(parseMessage(fx.raw, fx.parseOptions), { transport, receivedAt });

/** bridge-contract §3: the data keys of each event (always present, null when the board gave none). */
const SIM_KEYS = ['slot', 'imsi', 'iccid', 'msisdn', 'signal', 'plmn', 'operatorName'];
const CALL_KEYS = ['direction', 'slot', 'number', 'startedAt', 'endedAt', 'imsi', 'iccid', 'msisdn'];
const DATA_KEYS: Record<EventName, string[]> = {
  online: ['ip', 'ssid', 'signal', 'netCh', 'hwVer', 'slot'],
  sim_initializing: SIM_KEYS, sim_identified: SIM_KEYS, sim_ready: SIM_KEYS, sim_removed: SIM_KEYS, sim_error: SIM_KEYS,
  modem_error: ['slot'],
  sms_received: ['slot', 'from', 'text', 'sentAt', 'imsi', 'iccid', 'msisdn'],
  sms_sent: ['slot', 'requestId'],
  call_incoming: CALL_KEYS, call_answered: CALL_KEYS, call_ended: CALL_KEYS,
  call_dialing: CALL_KEYS, call_ringing: CALL_KEYS, call_connected: CALL_KEYS,
  dtmf: ['slot', 'key', 'side', 'number', 'startedAt'],
  call_control: ['slot', 'result', 'requestId', 'number', 'reason'],
  call_forwarding: ['slot', 'status', 'target', 'reason', 'imsi', 'iccid'],
  ping: ['count'],
  reply: ['code', 'message', 'tid', 'subType', 'result'],
  unknown: [],
};

describe('normalise: every fixture becomes its expected event (bridge-contract §3)', () => {
  it.each(ALL_FIXTURES)('%s', (_name, fx) => {
    const msg = parseMessage(fx.raw, fx.parseOptions);
    const envelope = normalise(msg, { transport: 'http', receivedAt });
    expect(envelope).toMatchObject({
      v: 1, event: fx.expectedEvent, board: msg.devId, type: msg.type, transport: 'http',
      netCh: msg.netCh, receivedAt: '2024-05-01T08:00:00.000Z',
    });
    expect(envelope.raw).toBe(msg.raw);
    expect(Object.keys(envelope.data).sort()).toEqual([...DATA_KEYS[fx.expectedEvent]].sort());
    expect(envelope.eventId).toMatch(/^[0-9a-f]{32}$/);
    // Published as JSON: nothing may be lost or changed by serialising it.
    expect(JSON.parse(JSON.stringify(envelope))).toEqual(envelope);
  });
});

describe('normalise: data and ts per event', () => {
  it('online: ip, decoded ssid, signal, netCh, hwVer; no board time', () => {
    expect(envelopeOf(online100)).toMatchObject({
      slot: null, ts: null, data: { ip: '192.168.7.170', ssid: 'mywifi', signal: 61, netCh: 0, hwVer: null },
    });
    expect(envelopeOf(online101)).toMatchObject({ slot: 1, netCh: 1, data: { signal: 61, ip: null } });
  });

  it('§2.1 msgTs is the ts of a message that has no other time', () => {
    expect(envelopeOf(online100MsgTs).ts).toBe('2025-07-02T12:43:07.000Z');
  });

  it('sim_ready and sim_removed carry slot and the SIM identity where given', () => {
    expect(envelopeOf(sim204)).toMatchObject({
      event: 'sim_ready', slot: 1,
      data: { slot: 1, imsi: '46007337111234', iccid: '898607D3161990212345', msisdn: '+8613206411822', signal: 61 },
    });
    expect(envelopeOf(sim205).data).toMatchObject({ slot: 1, imsi: null });
  });

  it('sms_received: from, text, sentAt as ISO-8601, ts is the SMS time', () => {
    expect(envelopeOf(sms501)).toMatchObject({
      slot: 1, ts: '2022-03-15T11:47:20.456Z',
      data: { from: '10086', text: '您的话费余额是100元。【中国移动】', sentAt: '2022-03-15T11:47:20.456Z', imsi: '46007337111234' },
    });
  });

  it('sms_sent: requestId from tid, for 502 and for the §6.1 501 report', () => {
    expect(envelopeOf(smsSent502).data).toEqual({ slot: 1, requestId: '1647344840' });
    expect(envelopeOf(sms501SendReport)).toMatchObject({ type: 501, event: 'sms_sent', data: { requestId: '1647344840' } });
  });

  it('calls: direction in/out, number, startedAt, endedAt; ts is the end of an ended call', () => {
    expect(envelopeOf(call601)).toMatchObject({
      event: 'call_incoming', ts: '2022-03-15T11:42:20.000Z',
      data: { direction: 'in', number: '10086', startedAt: '2022-03-15T11:42:20.000Z', endedAt: null },
    });
    expect(envelopeOf(call603)).toMatchObject({
      event: 'call_ended', ts: '2022-03-15T11:47:20.000Z', data: { direction: 'in', endedAt: '2022-03-15T11:47:20.000Z' },
    });
    expect(envelopeOf(call623)).toMatchObject({ event: 'call_ended', data: { direction: 'out' } });
  });

  it('dtmf: key and side', () => {
    expect(envelopeOf(dtmf642).data).toMatchObject({ slot: 1, key: '#', side: 'remote' });
  });

  it('call_control: result named after the type', () => {
    expect(envelopeOf(dialFailed682).data).toMatchObject({ slot: 1, result: 'dial_failed', requestId: '1700000000' });
  });

  it('call_forwarding: status, target, reason', () => {
    expect(envelopeOf(forwarding702).data).toMatchObject({ status: 'failed', target: '053289265468', reason: 'ERROR:0' });
  });

  it('ping: count', () => {
    expect(envelopeOf(ping998).data).toEqual({ count: 1 });
  });

  it('reply: code, message, tid and the result with ISO times', () => {
    expect(envelopeOf(handshakeAck999).data).toEqual({ code: 0, message: null, tid: '1234', subType: null, result: null });
    const stat = envelopeOf(statReply999);
    expect(stat.ts).toBe('2022-04-20T10:47:24.000Z');
    expect(stat.data.result).toMatchObject({
      kind: 'stat', deviceTime: '2022-04-20T10:47:24.000Z', slots: { 2: { signal: 78, operator: 'T' } },
    });
  });

  it('unknown: empty data, everything in raw', () => {
    expect(envelopeOf(recordingUploaded695)).toMatchObject({ event: 'unknown', data: {}, raw: { telMediaId: 'media-123' } });
  });

  it('the transport is reported as given and changes nothing else', () => {
    const { transport: tcp, ...overTcp } = envelopeOf(sms501, 'tcp');
    const { transport: http, ...overHttp } = envelopeOf(sms501, 'http');
    expect([tcp, http]).toEqual(['tcp', 'http']);
    expect(overHttp).toEqual(overTcp);
  });
});
