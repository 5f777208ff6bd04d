import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

/** Where the running test services are, shared with the test workers through the environment. */
export interface TestServices {
  redisUrl: string;
  redisPort: number;
  mosquittoUrl: string;
  mosquittoPort: number;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => { s.destroy(); resolve(false); });
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function binary(name: string): string {
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not installed. Run: sudo apt-get install -y redis-server mosquitto mosquitto-clients haproxy`);
}

export function startRedis(port: number, dir: string): ChildProcess {
  return spawn(binary('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
}

/** mosquitto 2 needs an explicit listener and allow_anonymous (stack.md pitfall 9). */
export function startMosquitto(port: number, dir: string, extra: string[] = ['persistence false']): ChildProcess {
  const conf = join(dir, `mosquitto-${port}.conf`);
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', ...extra,
    'max_queued_messages 100000', 'max_inflight_messages 0', ''].join('\n'));
  return spawn(binary('mosquitto'), ['-c', conf], { stdio: 'ignore' });
}

export function servicesDir(): string {
  const dir = join(__dirname, '..', '..', '.test-services');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** For test files: the services the global setup started. */
export function testServices(): TestServices {
  const raw = process.env.BOARD_BRIDGE_TEST_SERVICES;
  if (!raw) throw new Error('test services are not running: run the suite through jest (global setup)');
  return JSON.parse(raw) as TestServices;
}
