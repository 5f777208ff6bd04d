import type { ControlMessage, InstanceChannel } from '../routing/routing-ports';
import { parseControlMessage } from './control-message';
import type { RedisClient, RedisConnection } from './redis-connection';
import type { RedisKeys } from './redis-keys';

export interface RedisInstanceChannelOptions {
  instanceId: string;
  keys: RedisKeys;
  /** A message on our channel that is not a ControlMessage: ignored, counted here. */
  onMalformed?: (raw: string) => void;
  /** A listener threw, or a SUBSCRIBE failed (retried on the next reconnect). */
  onError?: (err: Error) => void;
}

/**
 * InstanceChannel on Redis pub/sub: one channel per instance (`<prefix>inst:<id>`, redis-keys.ts), read on
 * a dedicated subscriber connection, because a subscribed connection can run no other command.
 */
export class RedisInstanceChannel implements InstanceChannel {
  private readonly listeners = new Set<(msg: ControlMessage) => void>();
  private subscriber?: RedisClient;
  private subscribed?: Promise<void>;

  constructor(private readonly redis: RedisConnection, private readonly options: RedisInstanceChannelOptions) {}

  /**
   * Opens the subscriber connection (once) and resolves when our channel is first subscribed. SUBSCRIBE
   * is sent again on every (re)connect: a new connection starts with no subscriptions, and commands
   * fail fast while disconnected (no offline queue), so it must wait for 'ready'.
   */
  start(): Promise<void> {
    if (this.subscribed) return this.subscribed;
    const sub = this.redis.duplicate();
    this.subscriber = sub;
    const channel = this.options.keys.channel(this.options.instanceId);
    this.subscribed = new Promise((resolve) => {
      const subscribe = () => sub.subscribe(channel).then(() => resolve(), (err: Error) => this.options.onError?.(err));
      sub.on('ready', subscribe);
      if (sub.status === 'ready') void subscribe();
    });
    sub.on('message', (ch: string, raw: string) => {
      if (ch === channel) this.receive(raw);
    });
    return this.subscribed;
  }

  /** @throws RoutingUnavailableError */
  async send(instance: string, msg: ControlMessage): Promise<void> {
    await this.redis.run('publish', (c) => c.publish(this.options.keys.channel(instance), JSON.stringify(msg)));
  }

  onMessage(listener: (msg: ControlMessage) => void): () => void {
    this.listeners.add(listener);
    void this.start();
    return () => this.listeners.delete(listener);
  }

  /** Never throws: this runs inside ioredis' socket data handler, where a throw would be uncaught. */
  private receive(raw: string): void {
    const msg = parseControlMessage(raw);
    if (!msg) {
      this.options.onMalformed?.(raw);
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(msg);
      } catch (err) {
        this.options.onError?.(err as Error);
      }
    }
  }
}
