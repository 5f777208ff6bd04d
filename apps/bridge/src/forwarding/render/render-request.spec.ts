import { AesCodec, decodeUpload, type EventEnvelope } from '@board-bridge/board-protocol';
import { forwardingSchema } from '../../config/forwarding-schema';
import type { ForwardJob } from '../forwarding-types';
import { resolveRules } from '../rules';
import { appendQuery, renderRequest } from './render-request';
import { bridgeSignature, dingTalkSign } from './signing';

const raw = { devId: '498060912345', type: 501, slot: 1, phNum: '10086', smsBd: '余额 "5" & more', smsTm: 1700000000, netCh: 0 };
const envelope: EventEnvelope = {
  v: 1, eventId: 'ev1', board: '498060912345', type: 501, event: 'sms_received', transport: 'tcp', netCh: 0, slot: 1,
  ts: null, receivedAt: '2026-01-01T00:00:00.000Z', data: { slot: 1, from: '10086', text: '余额 "5" & more' }, raw,
};
const job: ForwardJob = { v: 1, rule: 'r', lane: 'r', seq: 0, envelope, queuedAt: 0 };
const NOW = 1_700_000_123_456;

function rule(extra: Record<string, unknown>, url = 'http://recv:8080/in') {
  const [r] = resolveRules(forwardingSchema.parse({ rules: [{ name: 'r', targets: [url], ...extra }] }));
  return r;
}
const render = (extra: Record<string, unknown>, url?: string) => {
  const r = rule(extra, url);
  return renderRequest(job, r, r.targets[0], NOW, 'office');
};
const decode = (req: ReturnType<typeof render>, aes?: AesCodec) => decodeUpload({
  method: req.method, query: new URL(req.url).search.slice(1), contentType: req.headers['content-type'], body: req.body,
}, { aes });

describe('renderRequest', () => {
  const aes = { aesKey: '1234567890123456', aesIv: '6543210987654321' };
  const codec = new AesCodec(aes.aesKey, aes.aesIv);
  const asText = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));

  it.each(['post-form', 'post-json', 'get-form', 'get-json'] as const)('format board %s decodes back to the message, with and without AES', (encoding) => {
    const text = encoding.endsWith('form');
    for (const withAes of [false, true]) {
      const req = render({ format: 'board', encoding, ...(withAes ? aes : {}) });
      expect(req.method).toBe(encoding.startsWith('get') ? 'GET' : 'POST');
      const decoded = decode(req, withAes ? codec : undefined);
      expect(decoded.encrypted).toBe(withAes);
      expect(decoded.messages).toEqual([text ? asText : raw]);
    }
  });

  it('format event posts the envelope as JSON with the event id headers', () => {
    const req = render({});
    expect(JSON.parse(req.body!.toString())).toEqual(envelope);
    expect(req.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-bridge-event-id': 'ev1',
      'x-bridge-delivery-id': 'ev1.r' });
    expect(req.headers['x-bridge-signature']).toBeUndefined();
  });

  it('signs timestamp and body when the rule has a secret; the query for GET', () => {
    const secret = 's'.repeat(16);
    const post = render({ secret });
    expect(post.headers['x-bridge-timestamp']).toBe('1700000123');
    expect(post.headers['x-bridge-signature']).toBe(bridgeSignature(secret, 1700000123, post.body!));
    const get = render({ secret, format: 'board', encoding: 'get-json' });
    expect(get.headers['x-bridge-signature']).toBe(bridgeSignature(secret, 1700000123, new URL(get.url).search.slice(1)));
  });

  it('expands placeholders in the URL, encoded', () => {
    expect(render({}, 'http://recv/in/{{devId}}_send/?e={{event}}&t={{data.text}}').url)
      .toBe(`http://recv/in/498060912345_send/?e=sms_received&t=${encodeURIComponent('余额 "5" & more')}`);
  });

  it('custom templates render a JSON body', () => {
    const req = render({ format: 'template', template: 'custom', body: { to: 'ops', msg: '{{boardName}}: {{data.text}}', slot: '{{slot}}' } });
    expect(JSON.parse(req.body!.toString())).toEqual({ to: 'ops', msg: 'office: 余额 "5" & more', slot: 1 });
  });

  it('DingTalk: default text, signed in the query', () => {
    const req = render({ format: 'template', template: 'dingtalk', botSecret: 'SECx' },
      'https://oapi.dingtalk.com/robot/send?access_token=abc');
    expect(JSON.parse(req.body!.toString())).toEqual({ msgtype: 'text', text: { content: 'office SIM1: SMS from 10086: 余额 "5" & more' } });
    const q = new URL(req.url).searchParams;
    expect([q.get('access_token'), q.get('timestamp'), q.get('sign')]).toEqual(['abc', String(NOW), dingTalkSign('SECx', NOW)]);
  });

  it('appends a query to URLs with or without one', () => {
    expect(appendQuery('http://a/x', 'p=1')).toBe('http://a/x?p=1');
    expect(appendQuery('http://a/x?k=v', 'p=1')).toBe('http://a/x?k=v&p=1');
    expect(appendQuery('http://a/x?', 'p=1')).toBe('http://a/x?p=1');
    expect(appendQuery('http://a/x#f', '')).toBe('http://a/x#f');
  });
});
