/**
 * A Redis outage under a clustered embedded broker, run as a plain Node process (see runOutageChild): jest
 * keeps unhandled rejections to itself, while Node 20 ends the process on one, as it would the bridge.
 * Started directly, this file runs the scenario and prints one JSON line; the exit code is the verdict.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { EmbeddedAedesAdapter } from '../apps/bridge/src/mqtt/embedded-aedes.adapter';
import { freePort, servicesDir, startRedis, waitForPort } from './setup/services';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Clients with wills lose their connections while Redis is down: aedes then deletes the wills (delWill). */
async function scenario(): Promise<Record<string, unknown>> {
  const port = await freePort();
  const redis = startRedis(port, servicesDir());
  await waitForPort(port);
  const gw = new EmbeddedAedesAdapter({ host: '127.0.0.1', port: 0, instanceId: `outage-child-${process.pid}`,
    redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: `oc${process.pid}:` }, onError: () => undefined });
  await gw.start();
  const will = { topic: 'outage/will', payload: Buffer.from('gone'), qos: 1 as const, retain: false };
  const opts = { protocolVersion: 4 as const, reconnectPeriod: 0, will };
  const polite = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.port}`, opts);
  const abrupt = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.port}`, opts);
  redis.kill('SIGKILL');
  await until(() => !gw.connected, 'gateway disconnected');
  await polite.endAsync(); // DISCONNECT: the will is deleted
  abrupt.stream.destroy(); // lost connection: the will is published, then deleted
  await sleep(1500); // beyond maxRetriesPerRequest: the queued Redis commands are rejected now
  const started = Date.now();
  await gw.stop();
  const stopMs = Date.now() - started;
  await sleep(500);
  return { survived: true, stopMs };
}

/** Runs this file in a child Node process; resolves with its exit code and output. */
export function runOutageChild(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const script = join(__dirname, 'mqtt-cluster-outage.helpers.ts');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script],
      { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

if (require.main === module) {
  scenario().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }, (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(2);
  });
}
