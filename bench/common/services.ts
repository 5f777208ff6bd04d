import type { ChildProcess } from 'node:child_process';
import { freePort, servicesDir, startMosquitto, startRedis, waitForPort } from '../../test/setup/services';

export interface PrivateServices {
  redisUrl: string;
  mosquittoUrl: string;
  pids: { redis?: number; mosquitto?: number };
  stop(): Promise<void>;
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

/**
 * A redis-server and a mosquitto of the bench's own on free loopback ports (as the test suite's global
 * setup starts them, test/setup/services.ts), so no other job's traffic shares them; stop() ends exactly
 * these two processes. Mosquitto gets `set_tcp_nodelay true` (its default leaves Nagle on).
 */
export async function startPrivateServices(): Promise<PrivateServices> {
  const dir = servicesDir();
  const [redisPort, mqttPort] = [await freePort(), await freePort()];
  const redis = startRedis(redisPort, dir);
  const mosquitto = startMosquitto(mqttPort, dir, ['persistence false', 'set_tcp_nodelay true']);
  const stop = async (): Promise<void> => {
    await Promise.all([stopProcess(redis), stopProcess(mosquitto)]);
  };
  try {
    await Promise.all([waitForPort(redisPort), waitForPort(mqttPort)]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { redisUrl: `redis://127.0.0.1:${redisPort}`, mosquittoUrl: `mqtt://127.0.0.1:${mqttPort}`,
    pids: { redis: redis.pid, mosquitto: mosquitto.pid }, stop };
}
