import { Pool } from 'undici';

/**
 * The floor to compare with: a bare undici Pool (same socket count, keep-alive) posting the same bodies
 * to the same receiver, with as many requests outstanding as the bridge can have (one per board).
 */
export async function baselineRun(url: string, bodies: Buffer[], connections: number, concurrency: number): Promise<number> {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await pool.request({ method: 'POST', path: next % 2 ? '/a' : '/b', body,
        headers: { 'content-type': 'application/json; charset=utf-8' } });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`baseline got ${res.statusCode}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return bodies.length / seconds;
}
