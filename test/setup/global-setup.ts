import type { ChildProcess } from 'node:child_process';
import { freePort, servicesDir, startMosquitto, startRedis, waitForPort, type TestServices } from './services';

declare global {
  var __BOARD_BRIDGE_SERVICES__: ChildProcess[] | undefined;
}

/** Starts a private redis-server and mosquitto on free loopback ports for the whole run. */
export default async function globalSetup(): Promise<void> {
  const dir = servicesDir();
  const redisPort = await freePort();
  const mosquittoPort = await freePort();
  const procs = [startRedis(redisPort, dir), startMosquitto(mosquittoPort, dir)];
  globalThis.__BOARD_BRIDGE_SERVICES__ = procs;
  for (const p of procs) p.once('error', (err) => { throw err; });
  await Promise.all([waitForPort(redisPort), waitForPort(mosquittoPort)]);
  const services: TestServices = {
    redisPort, redisUrl: `redis://127.0.0.1:${redisPort}`,
    mosquittoPort, mosquittoUrl: `mqtt://127.0.0.1:${mosquittoPort}`,
  };
  process.env.BOARD_BRIDGE_TEST_SERVICES = JSON.stringify(services);
}
