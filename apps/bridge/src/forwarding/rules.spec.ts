import type { EventEnvelope } from '@board-bridge/board-protocol';
import { forwardingSchema } from '../config/forwarding-schema';
import { globToRegExp, lanesOf, resolveRules, ruleMatches } from './rules';

const rules = (raw: unknown) => resolveRules(forwardingSchema.parse(raw));
const event = (over: Partial<EventEnvelope> = {}) =>
  ({ event: 'sms_received', board: '498060912345', slot: 1, ...over }) as EventEnvelope;

describe('forwarding rules', () => {
  it('globs match whole ids, * and ? only', () => {
    expect(globToRegExp('4980*').test('498060912345')).toBe(true);
    expect(globToRegExp('4980*').test('x4980')).toBe(false);
    expect(globToRegExp('49806091234?').test('498060912345')).toBe(true);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
  });

  it('a rule takes events by name, board id or glob, and slot', () => {
    const [r] = rules({ rules: [{ name: 'r', events: ['sms_received'], boards: ['4980*', 'lab'], slots: [2],
      targets: ['http://a'] }] });
    expect(ruleMatches(r, event({ slot: 2 }))).toBe(true);
    expect(ruleMatches(r, event({ slot: 1 }))).toBe(false);
    expect(ruleMatches(r, event({ slot: null }))).toBe(false);
    expect(ruleMatches(r, event({ slot: 2, board: 'lab' }))).toBe(true);
    expect(ruleMatches(r, event({ slot: 2, board: 'other' }))).toBe(false);
    expect(ruleMatches(r, event({ slot: 2, event: 'ping' }))).toBe(false);
  });

  it('a rule without filters takes everything', () => {
    const [r] = rules({ rules: [{ name: 'all', targets: ['http://a'] }] });
    expect(ruleMatches(r, event({ event: 'ping', slot: null }))).toBe(true);
    expect(r).toMatchObject({ mode: 'round-robin', format: 'event', encoding: 'post-form', timeoutMs: 10_000 });
  });

  it('round-robin is one lane over every target; broadcast one lane per target', () => {
    const lanes = lanesOf(rules({ rules: [
      { name: 'rr', targets: ['http://a', 'http://b:81/x'] },
      { name: 'bc', mode: 'broadcast', targets: [{ name: 'one', url: 'http://c' }, 'http://d/{{devId}}'] },
    ] }));
    expect(lanes.map((l) => [l.id, l.label, l.targets.map((t) => t.name)])).toEqual([
      ['rr', '*', ['rr-1', 'rr-2']], ['bc/one', 'one', ['one']], ['bc/bc-2', 'bc-2', ['bc-2']]]);
    expect(lanes[0].targets[1].origin).toBe('http://b:81');
  });

  it('target settings override the rule\'s', () => {
    const [r] = rules({ rules: [{ name: 'r', rateLimit: '20/min', headers: { a: '1', b: '1' },
      targets: [{ name: 't', url: 'http://a', rateLimit: '5/10s', headers: { b: '2' } }, 'http://b'] }] });
    expect(r.targets[0]).toMatchObject({ rateLimit: { count: 5, windowMs: 10_000 }, headers: { a: '1', b: '2' } });
    expect(r.targets[1]).toMatchObject({ rateLimit: { count: 20, windowMs: 60_000 }, headers: { a: '1', b: '1' } });
  });
});
