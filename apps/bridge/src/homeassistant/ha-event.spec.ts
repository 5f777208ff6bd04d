import { type EventEnvelope, normalise, parseMessage } from '@board-bridge/board-protocol';
import {
  call601, call603, call620, ping998, sim204, sms501, smsSent502,
} from '../../../../libs/board-protocol/src/testing/fixtures';
import type { BoardFixture } from '../../../../libs/board-protocol/src/testing/fixture';
import { TopicScheme } from '../mqtt/topics';
import { HA_EVENT_TYPES, haEventPayload, haPublications, lastSmsPayload } from './ha-event';
import { HaTopics } from './ha-topics';

const receivedAt = new Date('2024-05-01T08:00:00.000Z');
const envelope = (f: BoardFixture, patch: Record<string, unknown> = {}): EventEnvelope =>
  normalise(parseMessage({ ...f.raw, ...patch }), { transport: 'tcp', receivedAt });
const ha = new HaTopics(new TopicScheme('boards'), 'homeassistant');

describe('the HA event payload (event entity, homeassistant/components/mqtt/event.py)', () => {
  it('an SMS: event_type plus sender, text and times as attributes', () => {
    const e = envelope(sms501);
    expect(haEventPayload(e)).toEqual({
      event_type: 'sms_received', board: '498060912345', slot: 1, event_id: e.eventId,
      received_at: receivedAt.toISOString(), from: '10086', text: '您的话费余额是100元。【中国移动】',
      sent_at: '2022-03-15T11:47:20.456Z', to: '+8613206411822',
    });
  });

  it('a sent SMS carries the requestId of its command', () => {
    expect(haEventPayload(envelope(smsSent502))).toMatchObject({ event_type: 'sms_sent', request_id: '1647344840' });
  });

  it.each([[call601, 'call_incoming', 'in'], [call603, 'call_ended', 'in'], [call620, 'call_dialing', 'out']])(
    'a call event %#: number and direction', (f, type, direction) => {
      expect(haEventPayload(envelope(f))).toMatchObject({ event_type: type, number: '10086', direction, slot: 1 });
    });

  it('nothing for events that are neither SMS nor calls', () => {
    expect(haEventPayload(envelope(ping998))).toBeNull();
    expect(haEventPayload(envelope(sim204))).toBeNull();
  });

  it('every event type it produces is one the entity declares', () => {
    for (const f of [sms501, smsSent502, call601, call603, call620]) {
      expect(HA_EVENT_TYPES).toContain(haEventPayload(envelope(f))?.event_type);
    }
  });
});

describe('the retained last SMS', () => {
  it('sender and board time, no text', () => {
    expect(lastSmsPayload(envelope(sms501))).toEqual({ slot: 1,
      payload: { slot: 1, from: '10086', at: '2022-03-15T11:47:20.456Z' } });
  });

  it('falls back to the bridge clock and goes to the slot of the SMS', () => {
    const { smsTm: _t, ...untimed } = sms501.raw;
    const e = normalise(parseMessage({ ...untimed, slot: 2 }), { transport: 'http', receivedAt });
    expect(lastSmsPayload(e)).toEqual({ slot: 2, payload: { slot: 2, from: '10086', at: receivedAt.toISOString() } });
  });

  it('publications: the HA event (not retained) and the slot topic (retained)', () => {
    const pubs = haPublications(ha, envelope(sms501));
    expect(pubs.map((p) => [p.topic, p.retain])).toEqual([
      ['boards/498060912345/ha/event', false], ['boards/498060912345/ha/last_sms/1', true]]);
    expect(haPublications(ha, envelope(call601)).map((p) => p.topic)).toEqual(['boards/498060912345/ha/event']);
    expect(haPublications(ha, envelope(ping998))).toEqual([]);
  });
});
