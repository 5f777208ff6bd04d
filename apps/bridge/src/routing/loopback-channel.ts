import type { ControlMessage, InstanceChannel } from './routing-ports';

/**
 * InstanceChannel for one instance: a message to ourselves comes back asynchronously (as through Redis,
 * so callers never depend on a synchronous delivery); one to any other instance has nobody to reach.
 */
export class LoopbackChannel implements InstanceChannel {
  private readonly listeners = new Set<(msg: ControlMessage) => void>();

  constructor(private readonly instanceId: string, private readonly onError?: (err: Error) => void) {}

  async send(instance: string, msg: ControlMessage): Promise<void> {
    if (instance !== this.instanceId) return;
    const copy = structuredClone(msg);
    setImmediate(() => this.deliver(copy));
  }

  onMessage(listener: (msg: ControlMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A throwing listener must not become an uncaught exception in a timer callback. */
  private deliver(msg: ControlMessage): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(msg);
      } catch (err) {
        this.onError?.(err as Error);
      }
    }
  }
}
