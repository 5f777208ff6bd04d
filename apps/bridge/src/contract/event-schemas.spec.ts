import fc from 'fast-check';
import {
  type BoardState, emptyState, mergeState, normalise, parseMessage, type Transport,
} from '@board-bridge/board-protocol';
import { ALL_FIXTURES } from '@board-bridge/board-protocol/testing/fixtures';
import { ContractValidator } from '../../../../test/helpers/contract-validator';
import { buildReply } from '../commands/command-replies';
import type { CommandStatus } from '../commands/command-types';
import { AvailabilityBook } from '../ingest/availability';
import { TopicScheme } from '../mqtt/topics';
import { EVENT_DOCS, eventSchemaName } from './event-schemas';

const contract = new ContractValidator();
const at = new Date('2026-01-02T03:04:05.678Z');

function envelopeOf(raw: Record<string, unknown>, transport: Transport = 'tcp', devId?: string) {
  return normalise(parseMessage(raw, { devId }), { transport, receivedAt: at });
}

describe('event envelope schemas', () => {
  it.each(ALL_FIXTURES.map(([name, f]) => [name, f] as const))('%s normalises to a valid envelope', (_name, f) => {
    for (const transport of ['tcp', 'http'] as const) {
      const envelope = normalise(parseMessage(f.raw as Record<string, unknown>, f.parseOptions), { transport, receivedAt: at });
      expect(envelope.event).toBe(f.expectedEvent);
      expect(contract.errors(eventSchemaName(envelope.event), envelope)).toEqual([]);
    }
  });

  it('refuses an envelope under another event\'s schema, and undocumented data fields', () => {
    const sms = envelopeOf({ devId: 'b1', type: 501, slot: 1, phNum: '10086', smsBd: 'hi' });
    expect(contract.isValid('EventSmsReceived', sms)).toBe(true);
    expect(contract.isValid('EventSmsSent', sms)).toBe(false);
    expect(contract.isValid('EventSmsReceived', { ...sms, data: { ...sms.data, extra: 1 } })).toBe(false);
    expect(contract.isValid('EventUnknown', envelopeOf({ devId: 'b1', type: 501 }))).toBe(false);
  });

  it('covers every event name with at least one fixture', () => {
    const seen = new Set(ALL_FIXTURES.map(([, f]) => f.expectedEvent));
    expect(EVENT_DOCS.map((d) => d.event).filter((e) => !seen.has(e))).toEqual([]);
  });

  it('any board message the parser takes normalises to a valid envelope (property)', () => {
    const types = [...new Set(EVENT_DOCS.flatMap((d) => d.types ?? [0, 695, 777, 100000]))];
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(null, '', '1', '2', '-1', '220315194720', '1647344840456', 'urlen', '%E4%BD'), fc.boolean());
    const keys = ['slot', 'netCh', 'dbm', 'ip', 'ssid', 'hwVer', 'imsi', 'iccId', 'msIsdn', 'phNum', 'smsBd', 'charset',
      'smsTm', 'smsTs', 'tid', 'startTm', 'endTm', 'telStartTs', 'reason', 'note', 'cnt', 'code', 'msg', 'val',
      'subType', 'msgTs', 'plmn', 'scName', 'devTime', 'pingSec', 'dailyRst', 'qkey', 'offset', 'limit', 'callType'];
    const extras = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 10 });
    const rows = fc.array(fc.dictionary(fc.constantFrom('slot', 'dir', 'phNum', 'smsBd', 'smsTs', 'telStartTs', 'conn'),
      value), { maxLength: 3 });
    fc.assert(fc.property(fc.constantFrom(...types), extras, fc.option(rows), fc.option(extras), (type, fields, results, slot) => {
      const raw = { ...fields, devId: 'b1', type, ...(results ? { results } : {}), ...(slot ? { slot } : {}) };
      const envelope = envelopeOf(raw, 'http');
      expect(contract.errors(eventSchemaName(envelope.event), JSON.parse(JSON.stringify(envelope)))).toEqual([]);
    }), { numRuns: 2000 });
  });
});

describe('retained payload schemas', () => {
  it('board state: empty, and after every fixture in turn', () => {
    let state: BoardState = emptyState('498060912345');
    expect(contract.errors('BoardState', state)).toEqual([]);
    for (const [, f] of ALL_FIXTURES) {
      state = mergeState(state, parseMessage(f.raw as Record<string, unknown>, f.parseOptions), at);
      expect(contract.errors('BoardState', JSON.parse(JSON.stringify(state)))).toEqual([]);
    }
  });

  it('availability: online, offline with each reason, and lost', () => {
    const book = new AvailabilityBook(new TopicScheme('boards'), 'bridge-1');
    const payloads = [book.online('b1', 'tcp', 0, at), book.offline('b1', 'ping-timeout', at),
      book.online('b1', 'http', null, at), book.lost('b2', at)].map((p) => JSON.parse(p?.payload ?? 'null'));
    for (const p of payloads) expect(contract.errors('Availability', p)).toEqual([]);
    expect(contract.isValid('Availability', { ...payloads[0], reason: 'closed' })).toBe(false);
    expect(contract.isValid('Availability', { ...payloads[1], reason: 'bored' })).toBe(false);
  });

  it('bridge state: the announced form and the last will', () => {
    const announced = { state: 'online', version: '0.1.0', since: at.toISOString(), instance: 'i', uptimeSec: 60, sessions: 2 };
    expect(contract.errors('BridgeState', announced)).toEqual([]);
    expect(contract.isValid('BridgeState', { ...announced, sessions: -1 })).toBe(false);
    expect(contract.errors('BridgeState', { state: 'offline', instance: 'i', reason: 'connection-lost' })).toEqual([]);
    expect(contract.isValid('BridgeState', { state: 'online', instance: 'i', reason: 'connection-lost' })).toBe(false);
  });

  it('command replies: every status as command-replies.ts builds it; `final` must fit the status', () => {
    const statuses: CommandStatus[] = ['rejected', 'queued', 'sent', 'acknowledged', 'completed', 'failed', 'expired'];
    const target = { requestId: 'r1', board: 'b1', cmd: 'sendsms' };
    for (const status of statuses) {
      for (const awaitingReport of [false, true]) {
        const reply = buildReply(target, status, { code: 101, message: 'm', reason: 'board', data: { tid: '7' },
          awaitingReport }, 'bridge-1', at);
        expect(contract.errors('CommandReply', reply)).toEqual([]);
      }
    }
    const completed = buildReply(target, 'completed', {}, 'bridge-1', at);
    expect(contract.isValid('CommandReply', { ...completed, final: false })).toBe(false);
    expect(contract.isValid('CommandReply', { ...completed, status: 'sent' })).toBe(false);
  });
});
