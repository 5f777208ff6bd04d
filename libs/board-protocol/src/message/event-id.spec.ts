import {
  ALL_FIXTURES, asFormFields, call601, call603, call603TelTs, dialOk681, dtmf641, forwarding701, handshakeAck999,
  modem301, online100, online100Aliased, online100Form, online100MsgTs, online101, ping998, querySmsReply402,
  recordingUploaded695, sim202, sim204, sms501, sms501Form, smsSent502, statReply999,
} from '../testing/fixtures';
import type { BoardFixture } from '../testing/fixtures';
import { eventId, eventIdBasis } from './event-id';
import { normalise } from './normalise';
import { parseMessage } from './parse-message';

const idOf = (raw: Readonly<Record<string, unknown>>, devId?: string) => eventId(parseMessage(raw, { devId }));
const basisOf = (fx: BoardFixture) => eventIdBasis(parseMessage(fx.raw, fx.parseOptions));

describe('eventId: the same board message always gets the same id', () => {
  it('over TCP and over HTTP, received at different times', () => {
    const msg = parseMessage(sms501.raw);
    const tcp = normalise(msg, { transport: 'tcp', receivedAt: new Date('2024-01-01T00:00:00Z') });
    const http = normalise(parseMessage(sms501.raw), { transport: 'http', receivedAt: new Date('2024-01-02T00:00:00Z') });
    expect(http.eventId).toBe(tcp.eventId);
  });

  it('as JSON and as all-string FORM fields', () => {
    expect(idOf(sms501Form.raw)).toBe(idOf(sms501.raw));
    expect(idOf(online100Form.raw)).toBe(idOf(online100.raw));
  });

  it('whatever path carried it (netCh), e.g. a queued message replayed over SIM data', () => {
    expect(idOf({ ...sms501.raw, netCh: 2 })).toBe(idOf(sms501.raw));
  });

  it('with board aliases, older field names or extra user parameters', () => {
    expect(eventId(parseMessage(online100Aliased.raw, online100Aliased.parseOptions))).toBe(idOf(online100.raw));
    expect(idOf(call603TelTs.raw)).toBe(idOf(call603.raw));
    expect(idOf({ ...sms501.raw, userParam: 'x' })).toBe(idOf(sms501.raw));
  });

  it.each(ALL_FIXTURES)('%s is stable across parses', (_name, fx) => {
    const first = eventId(parseMessage(fx.raw, fx.parseOptions));
    expect(eventId(parseMessage(asFormFields(fx.raw), fx.parseOptions))).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId(parseMessage(fx.raw, fx.parseOptions))).toBe(first);
  });
});

describe('eventId: different board messages get different ids', () => {
  it('two SMS with the same text at different times', () => {
    expect(idOf({ ...sms501.raw, smsTm: 1647344840457 })).not.toBe(idOf(sms501.raw));
  });

  it('two SMS with the same text and time from different senders or slots', () => {
    const ids = new Set([
      idOf(sms501.raw), idOf({ ...sms501.raw, phNum: '10010' }), idOf({ ...sms501.raw, slot: 2 }),
      idOf({ ...sms501.raw, smsBd: 'other' }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('the same message from another board', () => {
    expect(idOf({ ...sms501.raw, devId: 'other' })).not.toBe(idOf(sms501.raw));
  });

  it('successive phases of one call and the two directions', () => {
    const ids = [601, 602, 603, 620, 621, 622, 623].map((type) => idOf({ ...call601.raw, type }));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('successive pings, send reports and replies', () => {
    expect(idOf({ ...ping998.raw, cnt: 2 })).not.toBe(idOf(ping998.raw));
    expect(idOf({ ...smsSent502.raw, tid: 'other' })).not.toBe(idOf(smsSent502.raw));
    expect(idOf({ code: 0, type: 999, tid: '1235' }, 'b')).not.toBe(idOf({ code: 0, type: 999, tid: '1234' }, 'b'));
  });

  it('a 401 ack and a 402 result for the same tid', () => {
    expect(idOf({ devId: 'b', type: 401, code: 0, tid: 't' })).not.toBe(idOf({ devId: 'b', type: 402, code: 0, tid: 't' }));
  });
});

/**
 * Only messages that carry their own identity are deduplicated by the bridge (event-id.ts explains why);
 * everything else must reach users every time it happens.
 */
describe('eventIdBasis', () => {
  it.each<[string, BoardFixture]>([
    ['501 with smsTm', sms501], ['502 with tid', smsSent502], ['601 with startTm', call601], ['998 with cnt', ping998],
    ['681 with tid', dialOk681], ['999 ack with tid', handshakeAck999], ['402 with msgTs', querySmsReply402],
    ['100 with msgTs', online100MsgTs],
  ])('board: %s', (_label, fx) => {
    expect(basisOf(fx)).toBe('board');
  });

  it.each<[string, BoardFixture]>([
    ['100', online100], ['101', online101], ['202', sim202], ['204', sim204], ['301', modem301], ['701', forwarding701],
    ['641 (a key can repeat)', dtmf641], ['695 unknown', recordingUploaded695], ['v1 stat without tid', statReply999],
  ])('content: %s', (_label, fx) => {
    expect(basisOf(fx)).toBe('content');
  });

  it('content: a 501 without any board time', () => {
    const { smsTm: _smsTm, ...untimed } = sms501.raw;
    expect(eventIdBasis(parseMessage(untimed))).toBe('content');
  });

  it('an identical online after a real reconnect has the same id, which is why it is content-based', () => {
    expect(idOf(online100.raw)).toBe(idOf({ ...online100.raw }));
    expect(basisOf(online100)).toBe('content');
  });
});
