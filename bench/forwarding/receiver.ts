import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'undici';

/**
 * The local HTTP receiver, in a process of its own so neither the bridge nor the baseline client shares
 * its CPU: answers every request 200 at once and counts them; `GET /count` tells the count.
 */
const SOURCE = `
const http = require('node:http');
let count = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/count') { res.end(String(count)); return; }
  req.on('data', () => {});
  req.on('end', () => { count++; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export interface Receiver {
  url: string;
  pid?: number;
  count(): Promise<number>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, pid: child.pid,
    count: async () => Number(await (await request(`${url}/count`)).body.text()),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Resolves with the time the receiver's count reached `target` (polled every 10 ms). */
export async function waitForCount(rx: Pick<Receiver, 'count'>, target: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await rx.count()) >= target) return performance.now();
    if (Date.now() > until) throw new Error(`receiver got fewer than ${target} requests within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
