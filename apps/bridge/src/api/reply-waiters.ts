import type { CommandReply } from '../commands/command-types';

interface Waiter {
  latest?: CommandReply;
  resolve: (reply: CommandReply | undefined) => void;
  timer?: NodeJS.Timeout;
}

/**
 * `?wait=` of the HTTP API (bridge-contract §5): holds a request until its command's final reply, which
 * may be published by another instance (the one holding the board), so replies are fed in from the
 * broker as well as from this instance.
 */
export class ReplyWaiters {
  private readonly waiters = new Map<string, Waiter>();

  get size(): number {
    return this.waiters.size;
  }

  /** Registers before the command is routed; `wait` then resolves with the final reply or the latest one. */
  expect(requestId: string): { wait(ms: number): Promise<CommandReply | undefined> } {
    let resolve!: (r: CommandReply | undefined) => void;
    const done = new Promise<CommandReply | undefined>((r) => { resolve = r; });
    const waiter: Waiter = { resolve };
    this.waiters.set(requestId, waiter);
    return {
      wait: (ms) => {
        if (this.waiters.get(requestId) === waiter) {
          waiter.timer = setTimeout(() => this.settle(requestId, waiter.latest), ms);
        }
        return done;
      },
    };
  }

  /** A reply seen anywhere; several copies of one reply are harmless. */
  offer(reply: CommandReply): void {
    const waiter = this.waiters.get(reply.requestId);
    if (!waiter) return;
    waiter.latest = reply;
    if (reply.final) this.settle(reply.requestId, reply);
  }

  /** The request is over without a reply (e.g. an ignored repeat): resolve with what is known. */
  cancel(requestId: string): void {
    this.settle(requestId, this.waiters.get(requestId)?.latest);
  }

  private settle(requestId: string, reply: CommandReply | undefined): void {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(requestId);
    waiter.resolve(reply);
  }
}
