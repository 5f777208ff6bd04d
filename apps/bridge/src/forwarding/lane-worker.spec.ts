import type { EventEnvelope } from '@board-bridge/board-protocol';
import pino from 'pino';
import type { DeliveryControl, DeliveryOutcome } from './delivery/deliver';
import { ForwardRefusedError } from './forwarding-errors';
import type { ForwardJob, Lane } from './forwarding-types';
import { LaneWorker, type LaneWorkerOptions } from './lane-worker';
import { MemoryLaneStore } from './store/memory-lane-store';

const lane = { id: 'r/t', rule: { name: 'r' }, targets: [], label: 't' } as unknown as Lane;
const envelope = (board: string, n: number) => ({ eventId: `${board}-${n}`, board }) as EventEnvelope;
const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
};

function worker(store: MemoryLaneStore, deliver: (job: ForwardJob, ctl: DeliveryControl) => Promise<DeliveryOutcome>) {
  const dead: string[] = [];
  const opts: LaneWorkerOptions = { window: 8, pollMs: 10, leaseMs: 10_000, log: pino({ level: 'silent' }), deliver,
    onDeadLetter: (_l, e) => dead.push(e.job.envelope.eventId), onError: (what, err) => { throw Object.assign(err as Error, { what }); } };
  return { w: new LaneWorker(lane, store, opts), dead };
}

describe('LaneWorker', () => {
  it('delivers each board\'s forwards in order, boards side by side, and acknowledges them', async () => {
    const store = new MemoryLaneStore(100, 10);
    const started: string[] = [];
    const release: (() => void)[] = [];
    const { w } = worker(store, async (job) => {
      started.push(job.envelope.eventId);
      if (job.envelope.eventId === 'a-1') await new Promise<void>((r) => release.push(r));
      return { kind: 'sent', target: 't', attempts: 1 };
    });
    for (const [b, n] of [['a', 1], ['a', 2], ['b', 1]] as const) await store.enqueue('r', false, [lane], envelope(b, n), 0);
    w.start();
    await until(() => started.length === 2);
    expect(started).toEqual(['a-1', 'b-1']); // a-2 waits for a-1; b-1 does not
    release[0]();
    await until(async () => (await store.depth('r/t')) === 0);
    expect(started).toEqual(['a-1', 'b-1', 'a-2']);
    await w.stop(100);
  });

  it('dead-letters what delivery gives up on', async () => {
    const store = new MemoryLaneStore(100, 10);
    const { w, dead } = worker(store, async () => ({ kind: 'dead', target: 't', attempts: 1,
      error: new ForwardRefusedError('t', 'status-4xx', 'receiver answered 400', { status: 400 }) }));
    await store.enqueue('r', false, [lane], envelope('a', 1), 0);
    w.start();
    await until(() => dead.length === 1);
    const [letter] = await store.listDeadLetters(5);
    expect(letter.info).toMatchObject({ fault: 'refused', status: 400, attempts: 1, target: 't' });
    await w.stop(100);
  });

  it('on stop, calls off waits and leaves unfinished forwards pending', async () => {
    const store = new MemoryLaneStore(100, 10);
    const { w } = worker(store, (_job, ctl) => new Promise((resolve) => {
      ctl.signal.addEventListener('abort', () => resolve({ kind: 'abandoned' }));
    }));
    await store.enqueue('r', false, [lane], envelope('a', 1), 0);
    w.start();
    await until(async () => (await store.claimOrphans('r/t')).length === 1);
    await w.stop(1_000);
    expect(await store.depth('r/t')).toBe(1);
    expect(w.held).toBe(false);
  });
});
