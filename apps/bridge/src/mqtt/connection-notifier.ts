/** Tracks the connected state and tells listeners about changes only (MQTT.js emits 'close' once per failed retry). */
export class ConnectionNotifier {
  private readonly listeners = new Set<(connected: boolean) => void>();
  private state = false;

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  get connected(): boolean {
    return this.state;
  }

  add(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(connected: boolean): void {
    if (connected === this.state) return;
    this.state = connected;
    for (const listener of [...this.listeners]) {
      // one failing listener must not keep the others (e.g. the spool's pump) from hearing about it
      try {
        listener(connected);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
