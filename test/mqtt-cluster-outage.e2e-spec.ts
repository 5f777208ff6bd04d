import type { ChildProcess } from 'node:child_process';
import { MqttUnavailableError } from '../apps/bridge/src/mqtt/mqtt-gateway';
import { freePort, servicesDir, startRedis, waitForPort } from './setup/services';
import { ClientPool, connectionState, nextMessage, uniquePrefix } from './mqtt-gateway.helpers';
import { TestCluster, urlOf } from './mqtt-cluster.helpers';
import { runOutageChild } from './mqtt-cluster-outage.helpers';
import { settle, waitFor } from './mqtt-shared.helpers';

/** A private redis-server that the test stops and starts again on the same port. */
class RestartableRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.proc = startRedis(this.port, servicesDir());
    await waitForPort(this.port);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => { p.once('exit', () => resolve()); p.kill('SIGKILL'); });
  }
}

/** bridge-contract §6: bad conditions never crash the process; a Redis outage is one of them. */
describe('clustered embedded broker: Redis outage', () => {
  const pool = new ClientPool();
  let redis: RestartableRedis;
  let cluster: TestCluster;

  beforeAll(async () => {
    redis = new RestartableRedis(await freePort());
    await redis.start();
    cluster = new TestCluster(`redis://127.0.0.1:${redis.port}`);
  });

  // clients go before their broker does: a reset socket would otherwise surface as an 'error' without listener
  afterEach(() => pool.closeAll());

  afterAll(async () => {
    await cluster.stop();
    await redis.stop();
  });

  it('reports disconnected while Redis is down, survives it, and works again once Redis is back', async () => {
    const prefix = uniquePrefix();
    const reports = () => cluster.errors.filter((e) => e.includes('Redis connection of the clustered MQTT broker'));
    const a = await cluster.node('a');
    const sub = await pool.connect(urlOf(a), { protocolVersion: 4 });
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });

    const down = connectionState(a, false);
    await redis.stop();
    await down;
    // the caller's spool keeps it (bridge-contract §6)
    await expect(a.publish(`${prefix}/x`, 'while down', { qos: 1 })).rejects.toBeInstanceOf(MqttUnavailableError);
    await waitFor(() => reports().length > 0, 'a failed reconnect reported');
    await settle(1000); // several more reconnect attempts fail meanwhile

    const up = connectionState(a, true, 10_000);
    await redis.start();
    await up;
    const arriving = nextMessage(sub, `${prefix}/after`);
    await a.publish(`${prefix}/after`, 'Redis is back', { qos: 1 });
    expect((await arriving).payload).toBe('Redis is back');
    // one report per connection and outage, not one per reconnect attempt
    expect(reports().length).toBeLessThanOrEqual(3);
  });

  it('stop() during an outage returns within the grace period', async () => {
    const b = await cluster.node('b');
    const down = connectionState(b, false);
    await redis.stop();
    await down;
    const started = Date.now();
    await cluster.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(b.connected).toBe(false);
  });

  it('start() fails with MqttUnavailableError naming REDIS_URL when Redis cannot be reached', async () => {
    const nowhere = new TestCluster(`redis://127.0.0.1:${await freePort()}`);
    await expect(nowhere.node('c')).rejects.toThrow(/embedded MQTT broker could not reach Redis \(REDIS_URL\)/);
    await nowhere.stop();
  });

  it('the process survives clients losing their connections (wills deleted) while Redis is down', async () => {
    // without the guard in aedes-redis-cluster.ts the child dies of an unhandled MaxRetriesPerRequestError
    const child = await runOutageChild();
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ survived: true });
  });
});
