import { join } from 'node:path';
import { BenchChild } from '../common/child';
import type { BoardClientCommand } from './board-client';
import type { BatchPlan } from './workload';

type ClientMessage =
  | { kind: 'connected'; count: number } | { kind: 'prepared'; frames: number; bytes: number }
  | { kind: 'sent'; at: number } | { kind: 'closed' } | { kind: 'error'; message: string };

const send = (c: BenchChild<ClientMessage>, cmd: BoardClientCommand) => c.send(cmd);

/** The simulated boards, spread over several client processes (board-client.ts). */
export class BoardClients {
  private constructor(private readonly children: BenchChild<ClientMessage>[]) {}

  static start(processes: number): BoardClients {
    return new BoardClients(Array.from({ length: processes },
      (_, i) => BenchChild.start<ClientMessage>(`board-client-${i}`, join(__dirname, 'board-client.ts'))));
  }

  get pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.children.map((c, i) => [`client${i}`, c.pid]));
  }

  /** Connects every board (contiguous shares per process) and waits for each one's `now`. */
  async connect(port: number, devIds: string[], concurrency = 32): Promise<void> {
    const share = Math.ceil(devIds.length / this.children.length);
    await Promise.all(this.children.map(async (c, i) => {
      const ids = devIds.slice(i * share, (i + 1) * share);
      const answer = c.next('connected', 120_000);
      send(c, { kind: 'connect', port, devIds: ids, firstIndex: i * share, concurrency });
      const { count } = await answer;
      if (count !== ids.length) throw new Error(`${c.name}: ${count} of ${ids.length} boards connected`);
    }));
  }

  /** Encodes the batch in every process (untimed); returns the frames and bytes it will send. */
  async prepare(plan: BatchPlan, framesPerWrite: number): Promise<{ frames: number; bytes: number }> {
    const done = await Promise.all(this.children.map((c) => {
      const answer = c.next('prepared', 120_000);
      send(c, { kind: 'prepare', plan, framesPerWrite });
      return answer;
    }));
    return { frames: done.reduce((n, d) => n + d.frames, 0), bytes: done.reduce((n, d) => n + d.bytes, 0) };
  }

  /** Starts every process writing; resolves with the time the last one had written everything. */
  async go(): Promise<number> {
    const sent = this.children.map((c) => c.next('sent', 600_000));
    for (const c of this.children) send(c, { kind: 'go' });
    return Math.max(...(await Promise.all(sent)).map((s) => s.at));
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map(async (c) => {
      const closed = c.next('closed', 10_000).catch(() => undefined);
      try {
        send(c, { kind: 'close' });
      } catch { /* already gone */ }
      await closed;
      await c.stop();
    }));
  }
}
