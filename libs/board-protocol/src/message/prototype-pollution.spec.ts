import { mergeState } from './board-state';
import { normalise } from './normalise';
import { parseMessage } from './parse-message';
import type { ReplyMessage } from './types';

const ctx = { transport: 'tcp' as const, receivedAt: new Date('2024-05-01T00:00:00Z') };
const hostile = (json: string) => JSON.parse(json) as Record<string, unknown>;

/** Runs the whole pure pipeline the bridge runs on one received object. */
function pipeline(raw: Record<string, unknown>, aliases?: Record<string, string>) {
  const msg = parseMessage(raw, { aliases });
  return { msg, envelope: normalise(msg, ctx), state: mergeState(undefined, msg, ctx.receivedAt) };
}

afterEach(() => {
  // Any leak onto the shared prototype shows up on every fresh object.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('prototype pollution keys from a hostile board', () => {
  const json = '{"devId":"b","type":501,"smsBd":"hi","__proto__":{"polluted":1},'
    + '"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}}';

  it('drops __proto__, constructor and prototype from raw and keeps everything else', () => {
    const { msg, envelope } = pipeline(hostile(json));
    expect(Object.getPrototypeOf(msg.raw)).toBe(Object.prototype);
    for (const key of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(msg.raw, key)).toBe(false);
    expect((msg.raw as Record<string, unknown>).polluted).toBeUndefined();
    expect(envelope.raw).toEqual({ devId: 'b', type: 501, smsBd: 'hi' });
  });

  it('drops them at every depth of a stat reply', () => {
    const { msg } = pipeline(hostile(
      '{"devId":"b","type":999,"wifi":{"ssid":"x","__proto__":{"polluted":1}},'
      + '"slot":{"sim1_imsi":"1","constructor":{"prototype":{"polluted":1}}},"arr":[{"__proto__":{"polluted":1}}]}',
    ));
    const wifi = msg.raw.wifi as Record<string, unknown>;
    expect(Object.getPrototypeOf(wifi)).toBe(Object.prototype);
    expect(wifi.polluted).toBeUndefined();
    expect(msg.raw.arr).toEqual([{}]);
    expect((msg as ReplyMessage).result).toMatchObject({ kind: 'stat', wifi: { ssid: 'x' } });
  });

  it('ignores an alias whose target is a forbidden name', () => {
    const { msg } = pipeline({ devId: 'b', type: 100, evil: { polluted: 1 } }, { evil: '__proto__' });
    expect(msg).toMatchObject({ kind: 'online', ssid: null });
  });

  it('never reads inherited names as field values', () => {
    const { msg } = pipeline({ devId: 'b', type: 100 });
    expect(msg).toMatchObject({ ssid: null, ip: null, hwVer: null, signal: null });
    const reply = pipeline({ devId: 'b', type: 999, code: 0 }).msg as ReplyMessage;
    expect(reply.result).toBeNull();
  });

  it('reads a field named toString as an ordinary user parameter', () => {
    const { envelope } = pipeline({ devId: 'b', type: 998, cnt: 2, toString: 'x', valueOf: 1 });
    expect(envelope.raw).toMatchObject({ toString: 'x', valueOf: 1 });
    expect(envelope.data).toEqual({ count: 2 });
  });
});
