import type { EventEnvelope } from '@board-bridge/board-protocol';
import { forwardingSchema } from '../../config/forwarding-schema';
import type { ForwardJob, Lane } from '../forwarding-types';
import { lanesOf, resolveRules } from '../rules';
import type { HttpAnswer } from './classify';
import { deliver, type DeliveryDeps } from './deliver';

const envelope = { eventId: 'e', board: 'b1', event: 'sms_received', slot: 1, data: {}, raw: { devId: 'b1', type: 501 } } as unknown as EventEnvelope;
const job = (seq = 0): ForwardJob => ({ v: 1, rule: 'r', lane: 'r', seq, envelope, queuedAt: 0 });

function lane(mode: 'round-robin' | 'broadcast', targets: number, attempts = 4): Lane {
  const urls = Array.from({ length: targets }, (_, i) => ({ name: `t${i}`, url: `http://t${i}` }));
  return lanesOf(resolveRules(forwardingSchema.parse({ rules: [{ name: 'r', mode, targets: urls,
    retry: { attempts, baseDelayMs: 100, maxDelayMs: 1000 } }] })))[0];
}

/** Answers scripted per host; records each request's host and every sleep. */
function fakeDeps(script: Record<string, (number | [number, Record<string, string>])[]>) {
  const hits: string[] = [];
  const sleeps: number[] = [];
  const events: string[] = [];
  const deps: DeliveryDeps = {
    send: async (req) => {
      const host = new URL(req.url).host;
      hits.push(host);
      const next = script[host]?.shift() ?? 200;
      const [status, headers] = Array.isArray(next) ? next : [next, {}];
      return { status, headers } as HttpAnswer;
    },
    rateLimit: async () => undefined,
    observer: {
      sent: (_r, t) => events.push(`sent:${t}`),
      failed: (_r, t, kind) => events.push(`failed:${t}:${kind}`),
      retried: (_r, t) => events.push(`retried:${t}`),
    },
    boardName: () => undefined, now: () => 0, random: () => 1,
    sleep: async (ms) => { sleeps.push(ms); return true; },
  };
  return { deps, hits, sleeps, events };
}
const ctl = () => ({ signal: new AbortController().signal, requestSignal: new AbortController().signal, mayAttempt: () => true });

describe('deliver', () => {
  it('retries 5xx with doubling backoff until it succeeds', async () => {
    const f = fakeDeps({ t0: [500, 503] });
    expect(await deliver(job(), lane('broadcast', 1), f.deps, ctl())).toEqual({ kind: 'sent', target: 't0', attempts: 3 });
    expect(f.sleeps).toEqual([100, 200]);
    expect(f.events).toEqual(['failed:t0:status-5xx', 'retried:t0', 'failed:t0:status-5xx', 'retried:t0', 'sent:t0']);
  });

  it('does not retry a 400', async () => {
    const f = fakeDeps({ t0: [400] });
    const out = await deliver(job(), lane('broadcast', 1), f.deps, ctl());
    expect(out).toMatchObject({ kind: 'dead', attempts: 1, target: 't0', error: { fault: 'refused' } });
    expect(f.hits).toEqual(['t0']);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const f = fakeDeps({ t0: [[429, { 'retry-after': '2' }]] });
    await deliver(job(), lane('broadcast', 1), f.deps, ctl());
    expect(f.sleeps).toEqual([2000]);
  });

  it('round-robin starts at the job\'s turn and skips a failing target without waiting', async () => {
    const f = fakeDeps({ t1: [503] });
    expect(await deliver(job(4), lane('round-robin', 3), f.deps, ctl())).toMatchObject({ kind: 'sent', target: 't2' });
    expect(f.hits).toEqual(['t1', 't2']);
    expect(f.sleeps).toEqual([]);
  });

  it('round-robin backs off after a whole round fails, and dies after the last attempt', async () => {
    const f = fakeDeps({ t0: [500, 500], t1: [500, 500] });
    const out = await deliver(job(0), lane('round-robin', 2, 4), f.deps, ctl());
    expect(out).toMatchObject({ kind: 'dead', attempts: 4, target: 't1' });
    expect(f.hits).toEqual(['t0', 't1', 't0', 't1']);
    expect(f.sleeps).toEqual([100]);
  });

  it('round-robin stops after a round in which every target refused', async () => {
    const f = fakeDeps({ t0: [400], t1: [404] });
    expect(await deliver(job(0), lane('round-robin', 2, 6), f.deps, ctl())).toMatchObject({ kind: 'dead', attempts: 2 });
  });

  it('gives the forward up to whoever holds the lane when aborted or no longer allowed', async () => {
    const f = fakeDeps({ t0: [500] });
    f.deps.sleep = async () => false;
    expect(await deliver(job(), lane('broadcast', 1), f.deps, ctl())).toEqual({ kind: 'abandoned' });
    const g = fakeDeps({});
    expect(await deliver(job(), lane('broadcast', 1), g.deps, { ...ctl(), mayAttempt: () => false })).toEqual({ kind: 'abandoned' });
    expect(g.hits).toEqual([]);
  });
});
