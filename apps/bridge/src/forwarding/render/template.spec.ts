import type { EventEnvelope } from '@board-bridge/board-protocol';
import { lookup, renderString, renderValue, summaryLine, templateContext } from './template';

const sms: EventEnvelope = {
  v: 1, eventId: 'e1', board: '498060912345', type: 501, event: 'sms_received', transport: 'tcp', netCh: 0, slot: 1,
  ts: null, receivedAt: '2026-01-01T00:00:00.000Z',
  data: { slot: 1, from: '10086', text: 'say "hi"\n}{{x}}', n: 3 }, raw: { devId: '498060912345', type: 501 },
};

describe('templates', () => {
  const ctx = templateContext(sms, 'office');

  it('looks up dotted paths of own properties only', () => {
    expect(lookup(ctx, 'data.from')).toBe('10086');
    expect(lookup(ctx, 'raw.type')).toBe(501);
    expect(lookup(ctx, 'data.missing')).toBeUndefined();
    expect(lookup(ctx, 'data.__proto__')).toBeUndefined();
    expect(lookup(ctx, 'data.constructor')).toBeUndefined();
    expect(lookup(ctx, 'data.text.length')).toBeUndefined();
  });

  it('renders strings; missing is empty, objects are JSON', () => {
    expect(renderString('{{ devId }}/{{event}}/{{nope}}/{{slot}}', ctx)).toBe('498060912345/sms_received//1');
    expect(renderString('{{raw}}', ctx)).toBe('{"devId":"498060912345","type":501}');
    expect(renderString('/x/{{data.text}}', ctx, encodeURIComponent)).toBe(`/x/${encodeURIComponent('say "hi"\n}{{x}}')}`);
  });

  it('escapes by construction: quotes, newlines and braces in an SMS stay inside their string', () => {
    const body = JSON.stringify(renderValue({ msg: 'From {{data.from}}: {{data.text}}', n: '{{data.n}}' }, ctx));
    expect(JSON.parse(body)).toEqual({ msg: 'From 10086: say "hi"\n}{{x}}', n: 3 });
  });

  it('a lone placeholder keeps the value\'s type; missing becomes null', () => {
    expect(renderValue({ d: '{{data}}', s: '{{slot}}', m: '{{missing}}', k: [true, 1, null] }, ctx))
      .toEqual({ d: sms.data, s: 1, m: null, k: [true, 1, null] });
  });

  it('summarises events in one line', () => {
    expect(summaryLine(sms, 'office')).toBe('office SIM1: SMS from 10086: say "hi"\n}{{x}}');
    expect(summaryLine({ ...sms, event: 'call_incoming', data: { number: '139' } }, 'b')).toBe('b SIM1: call incoming 139');
    expect(summaryLine({ ...sms, event: 'sim_removed', slot: null }, 'b')).toBe('b: sim removed');
  });
});
