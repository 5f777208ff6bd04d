import { join } from 'node:path';
import { BenchChild } from '../common/child';
import type { BoardSlot, SessionClientCommand } from './session-client';

type ClientMessage =
  | { kind: 'connected'; ok: number; failed: number; times: (number | null)[] }
  | { kind: 'pinged'; count: number; dropped: number } | { kind: 'closed' } | { kind: 'error'; message: string };

export interface ConnectOutcome {
  ok: number;
  failed: number;
  /** Handshake times of the scheduled (storm) boards, null for those that never got `now`. */
  times: (number | null)[];
}

/** Idle boards spread over several processes: each process has the same fd limit as the bridge. */
export class SessionClients {
  private constructor(private readonly children: BenchChild<ClientMessage>[]) {}

  static start(processes: number): SessionClients {
    return new SessionClients(Array.from({ length: processes },
      (_, i) => BenchChild.start<ClientMessage>(`session-client-${i}`, join(__dirname, 'session-client.ts'))));
  }

  get count(): number {
    return this.children.length;
  }

  get pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.children.map((c, i) => [`client${i}`, c.pid]));
  }

  /** `shares[i]` goes to process i; resolves when every board is open or has failed. */
  async connect(port: number, shares: BoardSlot[][], waitNow: boolean, timeoutMs: number, concurrency = 64): Promise<ConnectOutcome> {
    const all = await Promise.all(this.children.map((c, i) => {
      const cmd: SessionClientCommand = { kind: 'connect', port, boards: shares[i] ?? [], waitNow, concurrency, timeoutMs };
      return c.request(cmd, 'connected', 600_000);
    }));
    return { ok: all.reduce((n, a) => n + a.ok, 0), failed: all.reduce((n, a) => n + a.failed, 0), times: all.flatMap((a) => a.times) };
  }

  /** Every open board sends one ping, spread over `spreadMs`; returns pings sent and boards dropped so far. */
  async ping(spreadMs: number): Promise<{ count: number; dropped: number }> {
    const all = await Promise.all(this.children.map((c) => c.request({ kind: 'ping', spreadMs } satisfies SessionClientCommand,
      'pinged', spreadMs + 60_000)));
    return { count: all.reduce((n, a) => n + a.count, 0), dropped: all.reduce((n, a) => n + a.dropped, 0) };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.children.map((c) => c.request({ kind: 'close' } satisfies SessionClientCommand, 'closed', 60_000)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop()));
  }
}
