import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import type { BenchCommand } from './commands';
import { parseMarker } from './commands';
import { LatencyRecorder, type PathStats } from './recorder';

/**
 * One receiving side of the bench: the simulated boards (the bridge path) or an MQTT.js subscriber (the
 * baseline). Each batch of publications gets its own recorder, named by the phase in its markers.
 */
export class PathProbe {
  private readonly recorders = new Map<string, LatencyRecorder>();
  /** Arrivals with no marker of an open phase (the `now` handshake is not counted here). */
  foreign = 0;

  constructor(readonly name: 'bridge' | 'baseline', readonly topics: readonly string[]) {}

  open(phase: string, capacity: number): LatencyRecorder {
    const rec = new LatencyRecorder(capacity);
    this.recorders.set(phase, rec);
    return rec;
  }

  /** `text` carries the marker: the keyword (p3) of the board frame, or of the payload at the subscriber. */
  arrive(text: string, t: number): void {
    const m = parseMarker(text);
    const rec = m ? this.recorders.get(m.phase) : undefined;
    if (m && rec) rec.markArrived(m.seq, t);
    else this.foreign += 1;
  }
}

export interface BatchResult {
  stats: PathStats;
  /** Publications per second the publisher achieved (below the target when it could not keep pace). */
  achievedRate: number;
  publishSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes `cmds` at `rate` per second on the wall clock: every tick sends whatever has come due, so a
 * late timer is caught up on rather than stretching the run. Each send time is taken just before
 * publish() (QoS 1, as a command client would publish).
 */
export async function publishPaced(client: MqttClient, probe: PathProbe, cmds: readonly BenchCommand[], rate: number,
  rec: LatencyRecorder): Promise<number> {
  const start = performance.now();
  const onAck = (err?: Error): void => { if (err) rec.publishErrors += 1; };
  let next = 0;
  while (next < cmds.length) {
    const due = Math.min(cmds.length, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; next < due; next += 1) {
      const { board, payload } = cmds[next];
      rec.markSent(next, performance.now());
      client.publish(probe.topics[board], payload, { qos: 1 }, onAck);
    }
    if (next < cmds.length) await sleep(1);
  }
  return (performance.now() - start) / 1000;
}

/**
 * Waits until every publication arrived, or nothing arrived for `idleMs` (the rest counts as lost),
 * or `maxMs` passed.
 */
export async function drain(rec: LatencyRecorder, idleMs = 3000, maxMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!rec.complete) {
    const now = performance.now();
    if (now - Math.max(rec.lastArrival, start) > idleMs || now - start > maxMs) return;
    await sleep(10);
  }
}

/** One batch on one path: publish, wait for the arrivals, return the figures. */
export async function runBatch(client: MqttClient, probe: PathProbe, phase: string, cmds: readonly BenchCommand[],
  rate: number): Promise<BatchResult> {
  const rec = probe.open(phase, cmds.length);
  const publishSeconds = await publishPaced(client, probe, cmds, rate, rec);
  await drain(rec);
  return { stats: rec.stats(), achievedRate: Math.round(cmds.length / publishSeconds), publishSeconds };
}
