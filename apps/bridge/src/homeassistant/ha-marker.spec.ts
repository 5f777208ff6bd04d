import { MAX_MARKER_BOARDS, type MarkerBoards, parseMarker, reconcile, serializeMarker } from './ha-marker';

const topicOf = (id: string) => `homeassistant/device/bb_${id}/config`;
const reg = (id: string) => ({ topic: topicOf(id), origin: 'registry' as const });
const seen = (id: string) => ({ topic: topicOf(id), origin: 'seen' as const });
const run = (previous: MarkerBoards, listed: string[], opts: { local?: MarkerBoards; allowlist?: boolean } = {}) =>
  reconcile({ previous, local: opts.local ?? {}, listed: new Set(listed), allowlist: opts.allowlist ?? false, topicOf });

describe('the discovery marker', () => {
  it('round-trips, sorted, and tolerates junk', () => {
    const boards = { b: seen('b'), a: reg('a') };
    const json = serializeMarker(boards);
    expect(json).toBe(`{"v":1,"boards":{"a":${JSON.stringify(reg('a'))},"b":${JSON.stringify(seen('b'))}}}`);
    expect(parseMarker(Buffer.from(json))).toEqual(boards);
    expect(parseMarker('')).toEqual({});
    expect(parseMarker('nope')).toBeNull();
    expect(parseMarker('{"v":2,"boards":{}}')).toBeNull();
    expect(parseMarker('{"v":1,"boards":{"x":{"topic":"t","origin":"other"},"y":{"origin":"seen"}}}')).toEqual({});
  });

  it('caps what it reads', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_MARKER_BOARDS + 5 }, (_, i) => [`b${i}`, seen(`b${i}`)]));
    expect(Object.keys(parseMarker(serializeMarker(many)) ?? {})).toHaveLength(MAX_MARKER_BOARDS);
  });
});

describe('reconcile', () => {
  it('removes a board taken out of the registry and keeps the rest', () => {
    const r = run({ a: reg('a'), b: reg('b') }, ['a']);
    expect(r).toEqual({ boards: { a: reg('a') }, remove: [topicOf('b')] });
  });

  it('keeps an unlisted board that only reported, unless an allowlist refuses it now', () => {
    expect(run({ s: seen('s') }, []).remove).toEqual([]);
    expect(run({ s: seen('s') }, []).boards).toEqual({ s: seen('s') });
    expect(run({ s: seen('s') }, [], { allowlist: true })).toEqual({ boards: {}, remove: [topicOf('s')] });
  });

  it('a board now listed or seen here keeps its device whatever the old origin', () => {
    expect(run({ a: seen('a') }, ['a'])).toEqual({ boards: { a: reg('a') }, remove: [] });
    expect(run({ b: reg('b') }, [], { local: { b: seen('b') } })).toEqual({ boards: { b: seen('b') }, remove: [] });
  });

  it('clears configs published under another topic (prefix or base topic changed)', () => {
    const old = { a: { topic: 'old/device/a/config', origin: 'registry' as const }, s: { topic: 'old/s', origin: 'seen' as const } };
    const r = run(old, ['a']);
    expect(r.boards).toEqual({ a: reg('a') });
    expect(r.remove.sort()).toEqual(['old/device/a/config', 'old/s']);
  });

  it('records every listed board and what this process vouches for', () => {
    expect(run({}, ['a'], { local: { x: seen('x') } }).boards).toEqual({ x: seen('x'), a: reg('a') });
  });

  it('is idempotent: its own result changes nothing', () => {
    const first = run({ a: reg('a'), b: reg('b'), s: seen('s') }, ['a'], { local: { t: seen('t') } });
    const again = run(first.boards, ['a'], { local: first.boards });
    expect(again).toEqual({ boards: first.boards, remove: [] });
    expect(serializeMarker(again.boards)).toBe(serializeMarker(first.boards));
  });
});
