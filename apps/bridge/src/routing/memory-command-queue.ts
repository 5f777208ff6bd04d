import type { CommandQueue, QueuedCommand } from './routing-ports';

export interface MemoryCommandQueueOptions {
  /** The write fence (MemoryOwnership.holds): a stale session takes nothing, as on Redis. */
  holds?: (board: string, epoch: number) => boolean;
  now?: () => number;
}

/**
 * CommandQueue for one instance (bridge-contract §1, §4). Same semantics as RedisCommandQueue, deadlines
 * included; `take` checks the fence's epoch only, since every record here is this instance's.
 * Items are copied in and out (JSON), as they would be through Redis, so callers cannot share state.
 */
export class MemoryCommandQueue implements CommandQueue {
  private readonly queues = new Map<string, string[]>();
  private readonly now: () => number;

  constructor(private readonly options: MemoryCommandQueueOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async push(item: QueuedCommand): Promise<void> {
    const board = item.request.board;
    this.queues.set(board, [...(this.queues.get(board) ?? []), JSON.stringify(item)]);
  }

  async take(board: string, fence: { instance: string; epoch: number }):
    Promise<{ ready: QueuedCommand[]; expired: QueuedCommand[] }> {
    const none = { ready: [], expired: [] };
    if (this.options.holds && !this.options.holds(board, fence.epoch)) return none;
    const items = (this.queues.get(board) ?? []).map(decode);
    this.queues.delete(board);
    const now = this.now();
    return { ready: items.filter((i) => i.deadline >= now), expired: items.filter((i) => i.deadline < now) };
  }

  /** Due items across boards, earliest deadline first (the order of Redis' sorted set). */
  async takeExpired(now: number, limit = 100): Promise<QueuedCommand[]> {
    const due: { board: string; json: string; item: QueuedCommand }[] = [];
    for (const [board, list] of this.queues) {
      for (const json of list) {
        const item = decode(json);
        if (item.deadline < now) due.push({ board, json, item });
      }
    }
    const taken = due.sort((a, b) => a.item.deadline - b.item.deadline).slice(0, limit);
    for (const t of taken) this.remove(t.board, t.json);
    return taken.map((t) => t.item);
  }

  async putBack(board: string, items: QueuedCommand[]): Promise<void> {
    if (!items.length) return;
    this.queues.set(board, [...items.map((i) => JSON.stringify(i)), ...(this.queues.get(board) ?? [])]);
  }

  private remove(board: string, json: string): void {
    const list = this.queues.get(board) ?? [];
    list.splice(list.indexOf(json), 1);
    if (!list.length) this.queues.delete(board);
  }
}

function decode(json: string): QueuedCommand {
  return JSON.parse(json) as QueuedCommand;
}
