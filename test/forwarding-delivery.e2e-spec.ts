import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { api, forwardingFile, sms } from './helpers/forwarding-fixtures';
import { HttpReceiver, type ReceivedRequest } from './helpers/http-receiver';

const TOKEN = 'forwarding-test-token-1234';
const fast = { attempts: 4, baseDelayMs: 100, maxDelayMs: 400 };
const textOf = (r: ReceivedRequest) => (JSON.parse(r.body.toString()) as { data: { text: string } }).data.text;

/**
 * Delivery of docs/forwarding.md against real receivers with scripted failures (no Redis: the bounded
 * in-memory queue): retries and backoff, Retry-After, timeouts, no retry on 400, dead letters and their
 * replay, rate limits, order per board, round-robin skipping a failing target.
 */
describe('forwarding delivery', () => {
  const rx: Record<string, HttpReceiver> = {};
  let b: BridgeUnderTest;
  const up = (devId: string, text: string) => new FakeBoard({ devId }).upload(b.uploadUrl, sms(devId, text), 'post-json');

  beforeAll(async () => {
    for (const name of ['retry', 'slow', 'refuse', 'dead', 'limit', 'order', 'rr0', 'rr1', 'rr2']) rx[name] = await HttpReceiver.start(name);
    const rule = (name: string, extra: Record<string, unknown> = {}) => ({ name, boards: [`${name}-*`], events: ['sms_received'],
      retry: fast, targets: [{ name: `${name}-rx`, url: rx[name].url }], ...extra });
    b = await startTestBridge({ BOARDS_FILE: '/forwarding.json', API_TOKEN: TOKEN }, forwardingFile([
      rule('retry'), rule('slow', { timeoutMs: 300 }), rule('refuse'), rule('dead', { retry: { ...fast, attempts: 2 } }),
      rule('limit', { rateLimit: '3/s' }), rule('order'),
      { name: 'rr', boards: ['rr-*'], retry: fast, targets: [0, 1, 2].map((i) => ({ name: `rr${i}`, url: rx[`rr${i}`].url })) },
    ]));
  });
  afterAll(async () => {
    await b.close();
    await Promise.all(Object.values(rx).map((r) => r.close()));
  });

  it('retries 500 and 429 with backoff, honouring Retry-After, until delivered', async () => {
    rx.retry.answer(500, { status: 429, headers: { 'retry-after': '1' } }, 503);
    await up('retry-1', 'persist');
    await eventually(() => rx.retry.delivered.length === 1, 10_000, 'delivery after retries');
    const at = rx.retry.requests.map((r) => r.at);
    expect(at).toHaveLength(4);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(45); // backoff 100 ms, jittered into 50–100
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(950); // Retry-After: 1 beats the 100–200 ms backoff
    expect(await b.metric('bridge_forward_retried_total', { rule: 'retry' })).toBe(3);
    expect(await b.metric('bridge_forward_failed_total', { rule: 'retry', reason: 'status-429' })).toBe(1);
    expect(await b.metric('bridge_forward_sent_total', { rule: 'retry', target: 'retry-rx' })).toBe(1);
  });

  it('retries a receiver that does not answer in time, and one that drops the connection', async () => {
    rx.slow.answer('hang', 'drop');
    await up('slow-1', 'patience');
    await eventually(() => rx.slow.delivered.length === 1, 10_000, 'delivery after a timeout');
    expect(rx.slow.requests).toHaveLength(3);
    expect(await b.metric('bridge_forward_failed_total', { rule: 'slow', reason: 'timeout' })).toBe(1);
    expect(await b.metric('bridge_forward_failed_total', { rule: 'slow', reason: 'network' })).toBe(1);
  });

  it('does not retry a 400: straight to the dead letters', async () => {
    rx.refuse.answer(400);
    await up('refuse-1', 'bad');
    const dead = await eventually(async () => (await deadLetters()).some((d) => d.rule === 'refuse'), 5000, 'dead letter')
      .then(deadLetters);
    await sleep(300);
    expect(rx.refuse.requests).toHaveLength(1);
    expect(dead.find((d) => d.rule === 'refuse')).toMatchObject({ board: 'refuse-1', event: 'sms_received', attempts: 1,
      status: 400, fault: 'refused', target: 'refuse-rx', reason: 'receiver answered 400 (target refuse-rx)' });
  });

  it('dead-letters after the last retry; replay through the API delivers it', async () => {
    rx.dead.answer(503, 503);
    await up('dead-1', 'later');
    await eventually(async () => (await deadLetters()).some((d) => d.rule === 'dead'), 5000, 'dead letter');
    expect(rx.dead.requests).toHaveLength(2);
    const [letter] = (await deadLetters()).filter((d) => d.rule === 'dead');
    expect(letter).toMatchObject({ attempts: 2, status: 503, fault: 'unavailable' });
    expect(JSON.stringify(letter)).not.toContain('later'); // the API shows where and why, not the SMS
    expect((await api(base(), TOKEN, 'POST', '/api/forwarding/dead-letters/replay', {})).status).toBe(400);
    const replay = await api(base(), TOKEN, 'POST', '/api/forwarding/dead-letters/replay', { ids: [letter.id as string, 'nope'] });
    expect(replay.json).toEqual({ replayed: [letter.id], skipped: [{ id: 'nope', reason: 'no such dead letter' }] });
    await eventually(() => rx.dead.delivered.length === 1, 5000, 'replayed delivery');
    expect(textOf(rx.dead.delivered[0])).toBe('later');
    expect((await deadLetters()).some((d) => d.id === letter.id)).toBe(false);
    expect(await b.metric('bridge_forward_dead_lettered_total', { rule: 'dead' })).toBe(1);
  });

  it('a rate limit queues instead of dropping: 3 per second', async () => {
    for (let i = 0; i < 7; i++) await up('limit-1', `m${i}`);
    await eventually(() => rx.limit.delivered.length === 7, 10_000, 'all 7 delivered');
    const at = rx.limit.requests.map((r) => r.at);
    // The 4th request may start only when the 1st leaves the window. Arrival times add latency on either
    // side, so the bounds leave room for a busy machine: never 4 close together, 7 take two windows.
    for (let i = 3; i < at.length; i++) expect(at[i] - at[i - 3]).toBeGreaterThanOrEqual(600);
    expect(at[6] - at[0]).toBeGreaterThanOrEqual(1_500);
    expect(rx.limit.requests.map(textOf)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('keeps each board\'s order through retries, without holding up other boards', async () => {
    let a2Failures = 0;
    rx.order.decide = (req) => (textOf(req) === 'a2' && a2Failures++ < 2 ? { status: 503, headers: { 'retry-after': '1' } } : undefined);
    for (let i = 1; i <= 5; i++) await up('order-a', `a${i}`);
    await up('order-b', 'b1');
    await eventually(() => rx.order.delivered.length === 6, 10_000, 'all delivered');
    const delivered = rx.order.delivered.map(textOf);
    expect(delivered.filter((t) => t.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(delivered.indexOf('b1')).toBeLessThan(delivered.indexOf('a2')); // b1 did not wait for a2's retries
  });

  it('round-robin rotates over the targets and skips a failing one for that message', async () => {
    rx.rr1.fallback = 500;
    for (let i = 0; i < 6; i++) await up('rr-1', `r${i}`);
    await eventually(() => rx.rr0.delivered.length + rx.rr2.delivered.length === 6, 10_000, 'all delivered');
    expect(rx.rr1.delivered).toHaveLength(0);
    expect(rx.rr1.requests).toHaveLength(2); // its two turns, each passed on to the next target at once
    expect([rx.rr0.delivered.length, rx.rr2.delivered.length]).toEqual([2, 4]);
  });

  const base = () => `http://127.0.0.1:${b.httpPort}`;
  async function deadLetters(): Promise<Record<string, unknown>[]> {
    const res = await api(base(), TOKEN, 'GET', '/api/forwarding/dead-letters');
    expect(res.status).toBe(200);
    return res.json.deadLetters as Record<string, unknown>[];
  }
});
