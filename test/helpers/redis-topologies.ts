import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, servicesDir, waitForPort } from '../setup/services';
import { eventually } from './shared-state-impls';

/**
 * Private Redis Sentinel and Redis Cluster set-ups for the REDIS_URL forms of bridge-contract §1, started
 * by the test file that needs them (the global setup runs one plain redis-server only).
 */
export interface RunningTopology {
  url: string;
  stop(): Promise<void>;
}

function redisServer(): string {
  const found = ['/usr/bin', '/usr/local/bin', '/usr/sbin'].map((d) => join(d, 'redis-server')).find((p) => existsSync(p));
  if (!found) throw new Error('redis-server is not installed. Run: sudo apt-get install -y redis-server');
  return found;
}

function start(args: string[]): ChildProcess {
  const proc = spawn(redisServer(), args, { stdio: 'ignore' });
  proc.once('error', (err) => { throw err; });
  return proc;
}

function stopAll(procs: ChildProcess[]): Promise<void> {
  return Promise.all(procs.map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  }))).then(() => undefined);
}

async function ask<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** Waits for `check`; servers that never get ready are stopped rather than left behind. */
async function ready(procs: ChildProcess[], url: string, check: () => Promise<void>): Promise<RunningTopology> {
  try {
    await check();
  } catch (err) {
    await stopAll(procs);
    throw err;
  }
  return { url, stop: () => stopAll(procs) };
}

const plain = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
  '--dir', servicesDir()];

/** A master and one sentinel watching it as `mymaster`: `redis+sentinel://127.0.0.1:<sentinel>/mymaster`. */
export async function startSentinel(): Promise<RunningTopology> {
  const [master, sentinel] = [await freePort(), await freePort()];
  const conf = join(servicesDir(), `sentinel-${sentinel}.conf`);
  writeFileSync(conf, [`port ${sentinel}`, 'bind 127.0.0.1', `sentinel monitor mymaster 127.0.0.1 ${master} 1`, ''].join('\n'));
  const procs = [start(plain(master)), start([conf, '--sentinel'])];
  return ready(procs, `redis+sentinel://127.0.0.1:${sentinel}/mymaster`, async () => {
    await Promise.all([waitForPort(master), waitForPort(sentinel)]);
    await eventually(async () => (await ask(sentinel, (r) => r.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'))) !== null);
  });
}

/** A one-node Redis Cluster holding every slot: enough to prove the scripts keep to one slot (CROSSSLOT). */
export async function startCluster(): Promise<RunningTopology> {
  const port = await freePort();
  const proc = start([...plain(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
    // A node that never met another does not know its own address; CLUSTER SLOTS would name none.
    '--cluster-announce-ip', '127.0.0.1']);
  return ready([proc], `redis+cluster://127.0.0.1:${port}`, async () => {
    await waitForPort(port);
    await ask(port, (r) => r.cluster('ADDSLOTSRANGE', 0, 16383));
    await eventually(async () => (await ask(port, (r) => r.cluster('INFO'))).includes('cluster_state:ok'), 10_000);
  });
}
