import Redis from 'ioredis';
import { runScenario } from './scenario-run';
import { startTopology } from './scenarios';
import { startPrivateServices } from './services';

async function main(): Promise<void> {
  const svc = await startPrivateServices();
  const key = (process.argv[2] ?? 'b') as 'a' | 'b' | 'c';
  const t = await startTopology(key, svc, { tag: 'dg' });
  const r = new Redis(svc.redisUrl);
  try {
    await r.config('RESETSTAT');
    const res = await runScenario(t, { rate: 1000, seconds: 3, boards: 10, seed: 1, runId: 'dg', baseTopic: 'boards', warmupSeconds: 0.2 });
    console.log(JSON.stringify(res.bridge.stats), JSON.stringify(res.baseline.stats.latencyMs));
    console.log((await r.info('commandstats')).split('\n').filter((l) => /calls=\d{3,}/.test(l)).join('\n'));
    const scripts = await r.call('SCRIPT', 'EXISTS');
    void scripts;
  } finally {
    r.disconnect();
    await t.stop();
    await svc.stop();
  }
}
void main();
