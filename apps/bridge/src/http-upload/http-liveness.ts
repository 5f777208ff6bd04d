/**
 * HTTP boards have no connection to lose: they count as offline after the same silence as a TCP board
 * misses its pings (3 × ping interval + 15 s, bridge-contract §2).
 */
export class HttpLiveness {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly silenceMs: (devId: string) => number,
    private readonly onSilent: (devId: string) => void) {}

  touch(devId: string): void {
    const t = this.timers.get(devId);
    if (t) {
      t.refresh();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(devId);
      this.onSilent(devId);
    }, this.silenceMs(devId));
    timer.unref();
    this.timers.set(devId, timer);
  }

  forget(devId: string): void {
    clearTimeout(this.timers.get(devId));
    this.timers.delete(devId);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
