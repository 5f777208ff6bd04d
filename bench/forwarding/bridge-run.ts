import { type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BridgeProcess } from '../../test/helpers/bridge-process';
import { FakeBoard } from '../../test/helpers/fake-board';
import { freePort, servicesDir, startMosquitto, startRedis, waitForPort } from '../../test/setup/services';
import type { Receiver } from './receiver';
import { waitForCount } from './receiver';

export interface Services {
  redisUrl: string;
  mosquittoUrl: string;
  pids: number[];
  stop(): Promise<void>;
}

/** A redis-server and a mosquitto of the bench's own on free loopback ports; stop() ends exactly these. */
export async function startServices(): Promise<Services> {
  const dir = servicesDir();
  const [redisPort, mqttPort] = [await freePort(), await freePort()];
  const procs: ChildProcess[] = [startRedis(redisPort, dir), startMosquitto(mqttPort, dir)];
  const stop = () => Promise.all(procs.map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  }))).then(() => undefined);
  await Promise.all([waitForPort(redisPort), waitForPort(mqttPort)]).catch(async (err) => { await stop(); throw err; });
  return { redisUrl: `redis://127.0.0.1:${redisPort}`, mosquittoUrl: `mqtt://127.0.0.1:${mqttPort}`,
    pids: procs.map((p) => p.pid ?? 0), stop };
}

export interface BridgeUnderBench {
  bridge: BridgeProcess;
  boards: Map<string, FakeBoard>;
  stop(): Promise<void>;
}

/**
 * One bridge process with a round-robin rule over two targets on the receiver (format `event`), and the
 * boards connected over TCP with their handshake done. Without `redisUrl` the queue is in memory.
 */
export async function startBridge(tag: string, rx: Receiver, s: Services, redis: boolean, connections: number,
  devIds: string[], forwarding = true): Promise<BridgeUnderBench> {
  const file = join(servicesDir(), `${tag}-forwarding.json`);
  const rules = forwarding ? [{ name: 'bench', mode: 'round-robin', events: ['sms_received'], connections,
    targets: [{ name: 'a', url: `${rx.url}/a` }, { name: 'b', url: `${rx.url}/b` }] }] : [];
  writeFileSync(file, JSON.stringify({ forwarding: { rules } }));
  const env: Record<string, string> = { BOARDS_FILE: file, MQTT_URL: s.mosquittoUrl, MQTT_BASE_TOPIC: tag, MQTT_SHARED_GROUP: tag,
    // Simulated boards send far faster than real ones: lift the per-session uplink throttle, which is not measured here.
    TCP_MAX_FRAMES_PER_SEC: '1000000', TCP_FRAME_BURST: '1000000', LOG_LEVEL: 'warn',
    // The in-memory queue must hold a whole round: events arrive faster than they are delivered.
    FORWARD_QUEUE_MAX: '1000000',
    ...(redis ? { REDIS_URL: s.redisUrl, REDIS_KEY_PREFIX: `${tag}:` } : {}) };
  const bridge = await BridgeProcess.start({ instanceId: tag, env });
  const boards = new Map<string, FakeBoard>();
  await Promise.all(devIds.map(async (devId) => {
    const fb = new FakeBoard({ devId });
    await fb.connect(bridge.tcpPort);
    fb.hello();
    await fb.nextFrame((f) => f.cmd === 'now', 10_000);
    boards.set(devId, fb);
  }));
  return { bridge, boards, stop: async () => { for (const fb of boards.values()) fb.destroy(); await bridge.stop(); } };
}

/** Sends the messages over the boards' TCP sessions; events/s = messages / (send start → last one counted). */
export async function bridgeRun(b: BridgeUnderBench, counter: Pick<Receiver, 'count'>,
  messages: { devId: string; msg: Record<string, unknown> }[]): Promise<number> {
  const target = (await counter.count()) + messages.length;
  const t0 = performance.now();
  for (const { devId, msg } of messages) b.boards.get(devId)?.send(msg);
  const t1 = await waitForCount(counter, target, 120_000);
  return messages.length / ((t1 - t0) / 1000);
}
