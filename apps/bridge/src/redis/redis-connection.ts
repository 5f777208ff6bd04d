import { createHash } from 'node:crypto';
import { Cluster } from 'ioredis';
import { RoutingUnavailableError } from '../routing/routing-ports';
import { createRedisClient, type RedisClient, type RedisClientSettings } from './redis-client-factory';
import { parseRedisUrl, redact } from './redis-url';

export type { RedisClient } from './redis-client-factory';

export interface RedisConnectionOptions extends RedisClientSettings {
  /** REDIS_URL in any form of bridge-contract §1. */
  url: string;
  /** Every connection error. ioredis keeps reconnecting; nothing is ever thrown for these. */
  onError?: (err: Error) => void;
}

/** A Lua script run by EVALSHA, falling back to EVAL once when Redis has not seen it (fresh or flushed). */
export class LuaScript {
  readonly sha: string;

  constructor(readonly name: string, readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }
}

/**
 * One Redis client for commands plus the subscriber connections made from it, for the shared state of
 * scale-out (bridge-contract §1). Commands fail fast while Redis is away (see failFastOptions); every
 * failure reaches callers as RoutingUnavailableError, so they answer `routing-unavailable` (§4).
 */
export class RedisConnection {
  readonly client: RedisClient;
  readonly cluster: boolean;
  private readonly duplicates: RedisClient[] = [];
  private readonly readyListeners = new Set<() => void>();
  private everReady = false;
  /** A command was tried (and so failed) before the first connect. */
  private triedEarly = false;

  /** @throws RedisUrlError for a URL no form matches. The client connects in the background. */
  constructor(private readonly options: RedisConnectionOptions) {
    const target = parseRedisUrl(options.url);
    this.cluster = target.kind === 'cluster';
    this.client = this.guard(createRedisClient(target, options));
    this.client.on('ready', () => this.ready());
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  /** The URL with its password hidden, for logs. */
  get displayUrl(): string {
    return redact(this.options.url);
  }

  /**
   * Called on every reconnect, so the app re-claims its live sessions: their owner records may have
   * expired meanwhile, or their claims failed. Also called on the first connect when commands were tried
   * before it (Redis was down when the bridge started and boards came anyway).
   */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Resolves true once connected, false after `timeoutMs` (the client keeps trying either way). */
  waitReady(timeoutMs: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => { clearTimeout(timer); this.client.off('ready', onReady); resolve(ok); };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** A second connection with the same settings (pub/sub needs its own); closed with this one. */
  duplicate(): RedisClient {
    const name = this.options.connectionName;
    const copy = this.client instanceof Cluster ? this.client.duplicate()
      : this.client.duplicate(name ? { connectionName: `${name}-sub` } : {});
    this.duplicates.push(this.guard(copy));
    return copy;
  }

  /** Runs `fn` on the command client; any failure becomes RoutingUnavailableError naming `what`. */
  async run<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.everReady) this.triedEarly = true;
    try {
      return await fn(this.client);
    } catch (err) {
      throw toRoutingUnavailable(what, err);
    }
  }

  /** EVALSHA, EVAL on NOSCRIPT; failures as RoutingUnavailableError. */
  eval(script: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.run(script.name, async (c) => {
      try {
        return await c.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
        return c.eval(script.lua, keys.length, ...keys, ...args);
      }
    });
  }

  /**
   * QUIT where connected (pending replies still arrive), else just stop reconnecting; resolves once every
   * socket is closed, or after `timeoutMs` with the stragglers cut.
   */
  async close(timeoutMs = 2_000): Promise<void> {
    this.readyListeners.clear();
    await Promise.all([this.client, ...this.duplicates].map((c) => closeClient(c, timeoutMs)));
  }

  /** An 'error' listener on every client: without one, ioredis reports to the console, and errors never throw. */
  private guard(client: RedisClient): RedisClient {
    const report = (err: Error) => this.options.onError?.(err);
    client.on('error', report);
    if (client instanceof Cluster) client.on('node error', report);
    return client;
  }

  private ready(): void {
    const first = !this.everReady;
    this.everReady = true;
    if (first && !this.triedEarly) return;
    for (const listener of [...this.readyListeners]) {
      try {
        listener();
      } catch (err) {
        this.options.onError?.(err as Error);
      }
    }
  }
}

export function toRoutingUnavailable(what: string, err: unknown): RoutingUnavailableError {
  if (err instanceof RoutingUnavailableError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RoutingUnavailableError(`redis ${what}: ${message}`, { cause: err });
}

/** A client with no usable socket only needs to stop reconnecting; a connected one says QUIT and is waited for. */
function closeClient(c: RedisClient, timeoutMs: number): Promise<void> {
  if (c.status === 'end') return Promise.resolve();
  if (c.status !== 'ready') {
    c.disconnect();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => { c.disconnect(); resolve(); }, timeoutMs);
    c.once('end', () => { clearTimeout(timer); resolve(); });
    c.quit().catch(() => c.disconnect());
  });
}
