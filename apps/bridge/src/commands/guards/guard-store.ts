import type { CounterCheck } from './guard-counters';

/** What a reserve call remembers, so that a command that never reached its board can be refunded. */
export interface ReservationSlot {
  key: string;
  ttlMs: number;
}

export type ReserveResult = { ok: true } | { ok: false; failed: CounterCheck };

/**
 * The guards' counters: in this process's memory for one instance, in Redis to share them between
 * instances (bridge-contract §1). Every operation on one command's counters is all-or-nothing.
 */
export interface GuardStore {
  /**
   * If every counter is below its max: increments them all and remembers them under `reservation`;
   * otherwise changes nothing and names the first check that is full.
   * @throws RoutingUnavailableError (Redis store without fallback)
   */
  reserve(checks: readonly CounterCheck[], reservation: ReservationSlot): Promise<ReserveResult>;
  /** The command was written to its board: the reservation is spent and can no longer be refunded. */
  settle(reservationKey: string): Promise<void>;
  /** The command never reached its board: gives its counts back, at most once. True when it did. */
  refund(reservationKey: string): Promise<boolean>;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** How often expired counters are swept, in clock time. */
const SWEEP_MS = 60_000;

/** One instance's counters. The clock is injected so that tests can cross minutes and midnights. */
export class MemoryGuardStore implements GuardStore {
  private readonly counters = new Map<string, Entry<number>>();
  private readonly reservations = new Map<string, Entry<readonly string[]>>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(checks: readonly CounterCheck[], reservation: ReservationSlot): Promise<ReserveResult> {
    const now = this.sweep();
    const failed = checks.find((c) => this.value(c.key, now) >= c.max);
    if (failed) return { ok: false, failed };
    for (const c of checks) {
      const entry = this.live(this.counters.get(c.key), now);
      this.counters.set(c.key, entry ? { ...entry, value: entry.value + 1 } : { value: 1, expiresAt: now + c.ttlMs });
    }
    this.reservations.set(reservation.key, { value: checks.map((c) => c.key), expiresAt: now + reservation.ttlMs });
    return { ok: true };
  }

  async settle(reservationKey: string): Promise<void> {
    this.reservations.delete(reservationKey);
  }

  async refund(reservationKey: string): Promise<boolean> {
    const now = this.now();
    const reservation = this.live(this.reservations.get(reservationKey), now);
    this.reservations.delete(reservationKey);
    if (!reservation) return false;
    for (const key of reservation.value) {
      const entry = this.live(this.counters.get(key), now);
      // A window that has ended already started again from zero: nothing to give back there.
      if (entry && entry.value > 0) entry.value -= 1;
    }
    return true;
  }

  /** Counters and reservations held (for tests and memory bounds). */
  get size(): number {
    return this.counters.size + this.reservations.size;
  }

  private value(key: string, now: number): number {
    return this.live(this.counters.get(key), now)?.value ?? 0;
  }

  private live<T>(entry: Entry<T> | undefined, now: number): Entry<T> | undefined {
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  private sweep(): number {
    const now = this.now();
    if (now < this.nextSweep) return now;
    this.nextSweep = now + SWEEP_MS;
    for (const map of [this.counters, this.reservations] as Map<string, Entry<unknown>>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
    return now;
  }
}
