import type { TopicScheme } from '../mqtt/topics';
import type { Publication } from './publication';

export type Transport = 'tcp' | 'http';
export type OfflineReason = 'closed' | 'ping-timeout' | 'replaced' | 'shutdown' | 'instance-lost';

export interface Availability {
  state: 'online' | 'offline';
  transport: Transport;
  netCh: number | null;
  since: string;
  instance: string;
  reason?: OfflineReason;
}

/**
 * The retained `{base}/{id}/availability` of every board this instance has seen (bridge-contract §2).
 * Pure bookkeeping: it returns the publications to make and never does I/O itself.
 */
export class AvailabilityBook {
  private readonly boards = new Map<string, Availability>();

  constructor(private readonly topics: TopicScheme, private readonly instance: string) {}

  get(devId: string): Availability | undefined {
    return this.boards.get(devId);
  }

  /** The board is online on `transport`; publishes only when something a subscriber sees changed. */
  online(devId: string, transport: Transport, netCh: number | null, at: Date): Publication | null {
    const prev = this.boards.get(devId);
    if (prev?.state === 'online' && prev.transport === transport && prev.netCh === netCh
      && prev.instance === this.instance) return null;
    const since = prev?.state === 'online' ? prev.since : at.toISOString();
    return this.set(devId, { state: 'online', transport, netCh, since, instance: this.instance });
  }

  offline(devId: string, reason: OfflineReason, at: Date): Publication | null {
    const prev = this.boards.get(devId);
    if (!prev || prev.state === 'offline') return null;
    return this.set(devId, { ...prev, state: 'offline', since: at.toISOString(), instance: this.instance, reason });
  }

  /** Published offline on behalf of a dead instance; then forgotten, since this instance does not hold it. */
  lost(devId: string, at: Date): Publication | null {
    const prev = this.boards.get(devId);
    // Online here means this instance holds the board now: the dead instance's record is not the news.
    if (prev?.state === 'online' && prev.instance === this.instance) return null;
    const pub = this.publication(devId, { state: 'offline', transport: prev?.transport ?? 'tcp', netCh: null,
      since: at.toISOString(), instance: this.instance, reason: 'instance-lost' });
    this.boards.delete(devId);
    return pub;
  }

  forget(devId: string): void {
    this.boards.delete(devId);
  }

  /** Every board's retained availability again, e.g. after a broker reconnect. */
  all(): Publication[] {
    return [...this.boards.entries()].map(([id, a]) => this.publication(id, a));
  }

  onlineBoards(): string[] {
    return [...this.boards.entries()].filter(([, a]) => a.state === 'online').map(([id]) => id);
  }

  private set(devId: string, a: Availability): Publication {
    this.boards.set(devId, a);
    return this.publication(devId, a);
  }

  private publication(devId: string, a: Availability): Publication {
    return { topic: this.topics.availability(devId), payload: JSON.stringify(a), qos: 1, retain: true, board: devId };
  }
}
