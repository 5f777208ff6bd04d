import { randomUUID } from 'node:crypto';
import { EmbeddedAedesAdapter } from '../apps/bridge/src/mqtt/embedded-aedes.adapter';

/**
 * Embedded brokers clustered through one Redis, as instances of the bridge run them (bridge-contract §1).
 * Every cluster gets its own REDIS_KEY_PREFIX, so tests never see each other's keys or channels in the
 * suite's shared Redis.
 */
export class TestCluster {
  readonly keyPrefix = `e2e${randomUUID().slice(0, 8)}:`;
  readonly errors: string[] = [];
  private readonly nodes: EmbeddedAedesAdapter[] = [];

  constructor(private readonly redisUrl: string) {}

  /** Starts one node on a free port; its instance id (and aedes broker id) is `{keyPrefix}{name}`. */
  async node(name: string): Promise<EmbeddedAedesAdapter> {
    const gw = new EmbeddedAedesAdapter({
      host: '127.0.0.1', port: 0, instanceId: this.instanceId(name),
      redis: { url: this.redisUrl, keyPrefix: this.keyPrefix },
      onError: (err, context) => this.errors.push(`${name}: ${context}: ${err.message}`),
    });
    this.nodes.push(gw);
    await gw.start();
    return gw;
  }

  instanceId(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.splice(0).map((gw) => gw.stop()));
  }
}

export function urlOf(gw: EmbeddedAedesAdapter): string {
  return `mqtt://127.0.0.1:${gw.port}`;
}
