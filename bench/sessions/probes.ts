import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'undici';

/** process.memoryUsage() after two forced collections. */
export interface MemorySample {
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks the bridge's preloaded mem-probe.cjs (SIGUSR2) for its settled memory, read from `file`. */
export async function bridgeMemory(pid: number | undefined, file: string, timeoutMs = 15_000): Promise<MemorySample> {
  if (pid === undefined) throw new Error('bridge is not running');
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`bridge wrote no memory sample to ${file} within ${timeoutMs} ms`);
    await sleep(20);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as MemorySample;
}

/** One sample of a Prometheus text exposition (`name{labels} value`), or null when absent. */
export function metricValue(text: string, name: string, labels = ''): number | null {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : null;
}

export async function bridgeMetrics(httpUrl: string): Promise<string> {
  const res = await request(`${httpUrl}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  return res.body.text();
}

/** Polls the bridge's /metrics until `ok(text)` or the timeout; returns the last text. */
export async function waitForMetrics(httpUrl: string, ok: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await bridgeMetrics(httpUrl).catch(() => '');
    if (ok(text) || Date.now() > until) return text;
    await sleep(200);
  }
}
