import type { SessionOwner, SessionOwnership } from './routing-ports';

export interface MemoryOwnershipOptions {
  /** Lease of a record, as on Redis: the board's liveness window. */
  leaseMs: number;
  now?: () => number;
}

/**
 * SessionOwnership for one instance (no REDIS_URL, bridge-contract §1): every record is ours, epochs live
 * in a Map. Leases expire as on Redis, so both implementations answer the same contract tests.
 */
export class MemoryOwnership implements SessionOwnership {
  private readonly epochs = new Map<string, number>();
  private readonly records = new Map<string, { owner: SessionOwner; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly instanceId: string, private readonly options: MemoryOwnershipOptions) {
    this.now = options.now ?? Date.now;
  }

  async claim(board: string): Promise<number> {
    const epoch = (this.epochs.get(board) ?? 0) + 1;
    const now = this.now();
    this.epochs.set(board, epoch);
    this.records.set(board, { owner: { instance: this.instanceId, epoch, since: now }, expiresAt: now + this.options.leaseMs });
    return epoch;
  }

  async renew(board: string, epoch: number): Promise<boolean> {
    const rec = this.current(board);
    if (rec?.owner.epoch !== epoch) return false;
    rec.expiresAt = this.now() + this.options.leaseMs;
    return true;
  }

  async release(board: string, epoch: number): Promise<void> {
    if (this.current(board)?.owner.epoch === epoch) this.records.delete(board);
  }

  async owner(board: string): Promise<SessionOwner | null> {
    const rec = this.current(board);
    return rec ? { ...rec.owner } : null;
  }

  async isCurrent(board: string, epoch: number): Promise<boolean> {
    return this.holds(board, epoch);
  }

  /** The write fence, synchronously, for MemoryCommandQueue.take. */
  holds(board: string, epoch: number): boolean {
    return this.current(board)?.owner.epoch === epoch;
  }

  /** The live record, dropping one whose lease ran out (Redis PX does the same on its own). */
  private current(board: string): { owner: SessionOwner; expiresAt: number } | undefined {
    const rec = this.records.get(board);
    if (rec && rec.expiresAt <= this.now()) {
      this.records.delete(board);
      return undefined;
    }
    return rec;
  }
}
