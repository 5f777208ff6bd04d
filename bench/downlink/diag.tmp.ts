import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { BridgeProcess } from '../../test/helpers/bridge-process';
import { boardIds, buildCommands, parseMarker } from './commands';
import { startPrivateServices } from './services';
import { SimBoard } from './sim-board';

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'c1';
  const svc = await startPrivateServices();
  const env: Record<string, string> = {};
  if (mode.startsWith('c')) env.MQTT_URL = svc.mosquittoUrl as string;
  if (mode !== 'c0' && mode !== 'a') { env.REDIS_URL = svc.redisUrl; }
  const n = mode === 'c2' || mode === 'b' ? 2 : 1;
  const bridges = await Promise.all(Array.from({ length: n }, (_, i) => BridgeProcess.start({ instanceId: `d${i}`, env })));
  const B = bridges[n - 1];
  const pubUrl = env.MQTT_URL ?? bridges[0].mqttUrl;
  const ids = boardIds(10);
  const sent = new Float64Array(20000);
  const lat: [number, number][] = [];
  const boards = [];
  for (const id of ids) boards.push(await SimBoard.connect(B.tcpPort, id, (_c, text, t) => {
    const m = parseMarker(text); if (m && m.phase === 'm') lat.push([sent[m.seq] - sent[0], t - sent[m.seq]]);
  }));
  const pub = await mqtt.connectAsync(pubUrl, { protocolVersion: 4 });
  const cmds = buildCommands({ count: 10000, boards: 10, seed: 1, phase: 'm', runId: 'x' });
  const start = performance.now();
  let next = 0;
  while (next < cmds.length) {
    const due = Math.min(cmds.length, Math.floor(((performance.now() - start) * 1000) / 1000) + 1);
    for (; next < due; next++) { sent[next] = performance.now(); pub.publish(`boards/${ids[cmds[next].board]}/command/sendsms`, cmds[next].payload, { qos: 1 }); }
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const sorted = lat.map((x) => x[1]).sort((a, b) => a - b);
  console.log(mode, 'n', sorted.length, 'p50', sorted[sorted.length >> 1].toFixed(2), 'p90', sorted[Math.floor(sorted.length * 0.9)].toFixed(2), 'p99', sorted[Math.floor(sorted.length * 0.99)].toFixed(2), 'max', sorted[sorted.length - 1].toFixed(2));
  // time series: per 500 ms bucket, p50 and max
  const buckets = new Map<number, number[]>();
  for (const [at, l] of lat) { const k = Math.floor(at / 500); (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(l); }
  console.log([...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => { v.sort((a, b) => a - b); return `${k}:${v[v.length >> 1].toFixed(1)}/${v[v.length - 1].toFixed(0)}`; }).join(' '));
  boards.forEach((b) => b.close());
  await pub.endAsync();
  await Promise.all(bridges.map((b) => b.stop()));
  await svc.stop();
}
void main();
