import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, servicesDir, startMosquitto, startRedis, waitForPort } from '../../test/setup/services';
import type { ServiceUrls } from './scenarios';

export interface PrivateServices extends ServiceUrls {
  stop(): Promise<void>;
}

function installed(name: string): boolean {
  return ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'].some((d) => existsSync(join(d, name)));
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

/**
 * A redis-server (and a mosquitto when installed) of the bench's own, on free loopback ports, as the test
 * suite's global setup starts them (test/setup/services.ts); stop() ends exactly these processes.
 * `nagle`: leave Mosquitto's `set_tcp_nodelay` at its default (false), see DownlinkArgs.mosquittoNagle.
 */
export async function startPrivateServices(nagle = false): Promise<PrivateServices> {
  const dir = servicesDir();
  const procs: ChildProcess[] = [];
  const redisPort = await freePort();
  const redis = startRedis(redisPort, dir);
  procs.push(redis);
  let mosquitto: ChildProcess | undefined;
  let mosquittoPort: number | undefined;
  if (installed('mosquitto')) {
    mosquittoPort = await freePort();
    mosquitto = startMosquitto(mosquittoPort, dir, ['persistence false', ...(nagle ? [] : ['set_tcp_nodelay true'])]);
    procs.push(mosquitto);
  }
  const stop = async (): Promise<void> => { await Promise.all(procs.map(stopProcess)); };
  try {
    await Promise.all([waitForPort(redisPort), ...(mosquittoPort ? [waitForPort(mosquittoPort)] : [])]);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    ...(mosquittoPort ? { mosquittoUrl: `mqtt://127.0.0.1:${mosquittoPort}` } : {}),
    pids: { redis: redis.pid, ...(mosquitto ? { mosquitto: mosquitto.pid } : {}) },
    stop,
  };
}
