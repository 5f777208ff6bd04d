import createPersistence from 'aedes-persistence-redis';
import Redis, { type RedisOptions } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import type { ErrorReporter } from './inbound-message';

export interface AedesRedisOptions {
  /** REDIS_URL; the clustered embedded broker takes `redis://` and `rediss://`. */
  url: string;
  /** REDIS_KEY_PREFIX: persistence keys become `{prefix}mqtt:…`, pub/sub channels `{prefix}mqtt/{topic}`. */
  keyPrefix: string;
  /** Names the connections in CLIENT LIST. */
  instanceId: string;
}

/** mqemitter-redis 7.2.1 exports this class (tested upstream in test/prefix.js) but its typings omit it. */
type MQEmitterRedisPrefix = new (prefix: string, opts: Record<string, unknown>) => { state: NodeJS.EventEmitter };

/**
 * The Redis side of the clustered embedded broker (bridge-contract §1, stack.md §2): aedes-persistence-redis for
 * retained messages, sessions and wills, mqemitter-redis so every node sees every node's publications. The
 * three connections are opened here, so their options, errors and closing are the bridge's own.
 */
export class AedesRedisCluster {
  private constructor(
    readonly persistence: unknown, readonly mq: unknown, private readonly conns: Redis[],
  ) {}

  /** Opens the three connections (persistence, publish, subscribe); they connect in the background. */
  static connect(opts: AedesRedisOptions, report: ErrorReporter): AedesRedisCluster {
    if (!/^rediss?:\/\//.test(opts.url)) {
      throw new RangeError('the clustered embedded MQTT broker needs REDIS_URL as redis:// or rediss:// ' +
        '(Sentinel and Cluster forms are not supported there; use an external broker with MQTT_URL)');
    }
    const open = (role: string, extra: RedisOptions) => openConnection(opts, role, extra, report);
    // aedes-persistence-redis has no key prefix option, so ioredis' keyPrefix adds it to every key it touches
    // (it never SCANs keys outside Redis Cluster mode, where a prefix would not reach the MATCH pattern)
    const conn = open('persistence', { keyPrefix: `${opts.keyPrefix}mqtt:`, maxRetriesPerRequest: 3 });
    const pubConn = open('pub', { maxRetriesPerRequest: 3 });
    // a SUBSCRIBE that failed during an outage would be lost for good; queued, it runs after the reconnect
    const subConn = open('sub', { maxRetriesPerRequest: null });
    const Prefixed = (mqemitterRedis as unknown as { MQEmitterRedisPrefix: MQEmitterRedisPrefix }).MQEmitterRedisPrefix;
    // the trailing `/` keeps the prefix a topic level of its own, so `+` and `#` still match whole levels;
    // matchEmptyLevels as aedes' default emitter has it [MQTT-4.7.1-3]
    const mq = new Prefixed(`${opts.keyPrefix}mqtt/`, { subConn, pubConn, matchEmptyLevels: true });
    // mqemitter-redis re-emits connection errors on `state`, which throws without a listener; the
    // connections' own listeners already report them
    mq.state.on('error', () => undefined);
    const persistence = createPersistence({ conn }) as unknown as { on?: (e: string, l: (err: Error) => void) => void };
    // its streams re-emit Redis failures as 'error' (MaxRetriesPerRequestError in an outage): unhandled, that ends
    // the process; the connections' own listeners already report the outage
    persistence.on?.('error', () => undefined);
    return new AedesRedisCluster(persistence, mq, [conn, pubConn, subConn]);
  }

  /** All three connections are up: without Redis no publication reaches anyone, local subscribers included. */
  get ready(): boolean {
    return this.conns.every((c) => c.status === 'ready');
  }

  /** Resolves once all three are ready, or after `timeoutMs` (the caller then reports disconnected until they are). */
  whenReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.ready && Date.now() < deadline) return;
        clearInterval(timer);
        resolve();
      };
      const deadline = Date.now() + timeoutMs;
      const timer = setInterval(check, 10);
      check();
    });
  }

  onReadyChange(listener: () => void): void {
    for (const c of this.conns) {
      c.on('ready', listener);
      c.on('close', listener);
    }
  }

  /** Quits each connection still open (aedes.close() already quit the emitter's), cutting those that hang. */
  async close(graceMs = 1000): Promise<void> {
    await Promise.all(this.conns.map((c) => quitConnection(c, graceMs)));
  }
}

function openConnection(opts: AedesRedisOptions, role: string, extra: RedisOptions, report: ErrorReporter): Redis {
  // disconnectTimeout: ioredis arms this timer even for a socket that is already gone (closing during an
  // outage), and its 2 s default would keep a stopping process alive that long
  const conn = new Redis(opts.url, { connectionName: `${opts.instanceId}:mqtt-${role}`, disconnectTimeout: 300,
    ...extra });
  keepRejectionsHandled(conn);
  // ioredis emits 'error' on every failed reconnect attempt: one report per outage is enough
  let quiet = false;
  conn.on('ready', () => { quiet = false; });
  conn.on('error', (err: Error) => {
    if (quiet) return;
    quiet = true;
    report(err, `Redis connection of the clustered MQTT broker (${role}) failed, reconnecting`);
  });
  return conn;
}

/**
 * aedes-persistence-redis 12.0.0 sends some commands without awaiting them (putWill's lrem/rpush, delWill's
 * lrem) and mqemitter-redis 7.2.1 does the same with close()'s quit. Rejected during a Redis outage or after
 * disconnect(), each would be an unhandled rejection, which ends a Node 20 process. So every command's
 * promise gets a no-op handler here; whoever awaits it still sees the rejection.
 */
function keepRejectionsHandled(conn: Redis): void {
  const send = conn.sendCommand.bind(conn);
  conn.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    const p = send(...args) as Promise<unknown> | undefined;
    if (typeof p?.catch === 'function') p.catch(() => undefined);
    return p;
  };
}

function quitConnection(conn: Redis, graceMs: number): Promise<void> {
  if (conn.status === 'end') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // QUIT waits behind commands queued while Redis is down: after the grace the connection is cut instead.
    // While 'reconnecting' ioredis then stays in that state without a socket or a timer (it never emits
    // 'end'), so nothing is left open either way.
    const timer = setTimeout(() => {
      conn.disconnect();
      done();
    }, graceMs);
    conn.once('end', done);
    conn.quit().then(() => conn.status === 'reconnecting' && done(), () => conn.disconnect());
  });
}
