import { createHmac } from 'node:crypto';
import { AesCodec } from '@board-bridge/board-protocol';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { decodeForwarded, forwardingFile, sms } from './helpers/forwarding-fixtures';
import { HttpReceiver, type ReceivedRequest } from './helpers/http-receiver';

const KEY = '1234567890123456';
const IV = '6543210987654321';
const SECRET = 'rule-secret-0123456789';
const ENCODINGS = ['post-form', 'post-json', 'get-form', 'get-json'] as const;

/** The formats of docs/forwarding.md against a real receiver: board (4 encodings ± AES), event, templates. */
describe('forwarding formats', () => {
  let rx: HttpReceiver;
  let b: BridgeUnderTest;
  const board = new FakeBoard({ devId: 'fmt-1' });
  const on = (path: string): ReceivedRequest[] => rx.requests.filter((r) => r.url.split('?')[0] === path);

  beforeAll(async () => {
    rx = await HttpReceiver.start('formats');
    const boardRules = ENCODINGS.flatMap((encoding) => [
      { name: `b-${encoding}`, format: 'board', encoding, targets: [`${rx.url}/b/${encoding}`] },
      { name: `a-${encoding}`, format: 'board', encoding, aesKey: KEY, aesIv: IV, targets: [`${rx.url}/a/${encoding}`] },
    ]);
    const rules = [
      ...boardRules,
      { name: 'ev', mode: 'broadcast', secret: SECRET, events: ['sms_received'], boards: ['fmt-*'],
        targets: [`${rx.url}/e/1`, `${rx.url}/e/2`, `${rx.url}/e/3/{{devId}}`] },
      { name: 'custom', format: 'template', template: 'custom', events: ['sms_received'],
        body: { title: 'SMS on {{boardName}}', text: '{{data.text}}', slot: '{{slot}}', data: '{{data}}' }, targets: [`${rx.url}/t/custom`] },
      { name: 'ding', format: 'template', template: 'dingtalk', botSecret: 'SECding', events: ['sms_received'],
        targets: [`${rx.url}/t/dingtalk?access_token=tok`] },
      { name: 'wecom', format: 'template', template: 'wecom', text: '{{boardName}} got {{data.text}}', events: ['sms_received'],
        targets: [`${rx.url}/t/wecom?key=k`] },
      { name: 'feishu', format: 'template', template: 'feishu', botSecret: 'SECfei', events: ['sms_received'],
        targets: [`${rx.url}/t/feishu`] },
    ];
    b = await startTestBridge({ BOARDS_FILE: '/forwarding.json' },
      forwardingFile(rules, { boards: { 'fmt-1': { name: 'office' } } }));
  });
  afterAll(async () => {
    await b.close();
    await rx.close();
  });

  const message = sms('fmt-1', '余额 "100" 元\n{{x}} & <b>');
  it('one SMS reaches every rule', async () => {
    expect((await board.upload(b.uploadUrl, message, 'post-json')).status).toBe(200);
    await eventually(() => rx.requests.length >= 8 + 3 + 4, 10_000, 'all forwards');
  });

  it.each(ENCODINGS)('format board %s decodes back to the original message, with and without AES', (encoding) => {
    const asText = Object.fromEntries(Object.entries(message).map(([k, v]) => [k, String(v)]));
    const expected = encoding.endsWith('form') ? asText : message;
    const [plain] = on(`/b/${encoding}`);
    const [encrypted] = on(`/a/${encoding}`);
    expect(plain.method).toBe(encoding.startsWith('get') ? 'GET' : 'POST');
    expect(decodeForwarded(plain)).toEqual(expected);
    expect(decodeForwarded(encrypted, { aes: new AesCodec(KEY, IV) })).toEqual(expected);
    expect(encrypted.url + encrypted.body.toString()).not.toContain('10086');
  });

  it('broadcast reaches every target with the event envelope, signed over timestamp and body', () => {
    const got = [on('/e/1'), on('/e/2'), on('/e/3/fmt-1')];
    expect(got.map((g) => g.length)).toEqual([1, 1, 1]);
    for (const [req] of got) {
      const e = JSON.parse(req.body.toString()) as { event: string; board: string; data: { text: string }; raw: unknown };
      expect([e.event, e.board, e.data.text]).toEqual(['sms_received', 'fmt-1', message.smsBd]);
      expect(e.raw).toEqual(message);
      const ts = String(req.headers['x-bridge-timestamp']);
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      const mac = createHmac('sha256', SECRET).update(`${ts}.`).update(req.body).digest('hex');
      expect(req.headers['x-bridge-signature']).toBe(`sha256=${mac}`);
      expect(req.headers['x-bridge-event-id']).toBeTruthy();
    }
  });

  it('custom template: fields filled in, the SMS text escaped by construction', () => {
    const [req] = on('/t/custom');
    expect(JSON.parse(req.body.toString())).toEqual({ title: 'SMS on office', text: message.smsBd, slot: 1,
      data: expect.objectContaining({ from: '10086', text: message.smsBd }) });
  });

  it('DingTalk: text message, timestamp and sign in the query', () => {
    const [req] = on('/t/dingtalk');
    const q = new URL(req.url, 'http://x').searchParams;
    const ts = q.get('timestamp') as string;
    expect(q.get('access_token')).toBe('tok');
    expect(q.get('sign')).toBe(createHmac('sha256', 'SECding').update(`${ts}\nSECding`).digest('base64'));
    expect(JSON.parse(req.body.toString())).toEqual({ msgtype: 'text', text: { content: `office SIM1: SMS from 10086: ${message.smsBd}` } });
  });

  it('WeCom: text message with the rule\'s text, no signature', () => {
    const [req] = on('/t/wecom');
    expect(req.url).toBe('/t/wecom?key=k');
    expect(JSON.parse(req.body.toString())).toEqual({ msgtype: 'text', text: { content: `office got ${message.smsBd}` } });
  });

  it('Feishu: text message with timestamp and sign in the body', () => {
    const body = JSON.parse(on('/t/feishu')[0].body.toString()) as Record<string, string>;
    expect(body).toMatchObject({ msg_type: 'text', content: { text: `office SIM1: SMS from 10086: ${message.smsBd}` } });
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\nSECfei`).update('').digest('base64'));
  });

  it('counts per target name, never per URL', async () => {
    expect(await b.metric('bridge_forward_sent_total', { rule: 'ev', target: 'ev-3' })).toBe(1);
    const text = await b.metrics.registry.metrics();
    expect(text).not.toContain('access_token');
    expect(text).not.toContain('127.0.0.1');
  });
});
