/**
 * Child process: the same-run baselines of the uplink bench, publishing exactly the envelopes the bridge
 * would publish for a batch (workload.ts) to the same counting subscriber:
 * - `aedes`: an aedes 1.2.0 broker in this process and a bare in-process `broker.publish()` (QoS 1), as
 *   the bridge's embedded adapter publishes; the subscriber connects to this broker;
 * - `mqtt`: a bare MQTT.js client publishing QoS 1 (MQTT 5, like the bridge) to an external broker.
 * Both keep at most WINDOW publications unacknowledged, like the bridge's publisher (ingest/publisher.ts).
 */
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { reply, serveParent, wallMs } from '../common/child';
import { type BatchPlan, boardIds, boardMessage, eventPublication } from './workload';

export type BaselineCommand =
  | { kind: 'start-aedes' }
  | { kind: 'connect'; url: string }
  | { kind: 'prepare'; plan: BatchPlan; base: string; tag: string }
  | { kind: 'go' }
  | { kind: 'close' };

const WINDOW = 256;

type PublishFn = (topic: string, payload: Buffer, done: () => void) => void;

let publishFn: PublishFn | undefined;
let broker: Aedes | undefined;
let server: Server | undefined;
let client: MqttClient | undefined;
let batch: { topic: string; payload: Buffer }[] = [];

async function startAedes(): Promise<void> {
  const b = await Aedes.createBroker({ id: 'uplink-baseline' });
  const s = createServer((socket) => b.handle(socket));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  [broker, server] = [b, s];
  publishFn = (topic, payload, done) => b.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, done);
  const addr = s.address();
  reply({ kind: 'listening', url: `mqtt://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
}

async function connectClient(url: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, clean: true });
  client = c;
  publishFn = (topic, payload, done) => c.publish(topic, payload, { qos: 1 }, () => done());
  reply({ kind: 'connected' });
}

function prepare(plan: BatchPlan, base: string, tag: string): void {
  const ids = boardIds(tag, plan.boards);
  const receivedAt = new Date();
  batch = [];
  // In sequence order, as the bridge would see the boards' frames interleaved.
  for (let i = 0; i < plan.perBoard; i += 1) {
    ids.forEach((devId, board) => batch.push(eventPublication(base, boardMessage(plan, devId, board, i), receivedAt)));
  }
  reply({ kind: 'prepared', count: batch.length, bytes: batch.reduce((n, p) => n + p.payload.length, 0) });
}

/** Publishes the batch keeping WINDOW in flight; answers when the last one was acknowledged. */
function publishAll(): void {
  const pub = publishFn;
  if (!pub) throw new Error('baseline: no broker or client yet');
  let next = 0;
  let acked = 0;
  const pump = (): void => {
    while (next < batch.length && next - acked < WINDOW) {
      const { topic, payload } = batch[next++];
      pub(topic, payload, onAck);
    }
  };
  const onAck = (): void => {
    if (++acked === batch.length) reply({ kind: 'published', at: wallMs() });
    else pump();
  };
  pump();
}

serveParent<BaselineCommand>(async (cmd) => {
  if (cmd.kind === 'start-aedes') await startAedes();
  else if (cmd.kind === 'connect') await connectClient(cmd.url);
  else if (cmd.kind === 'prepare') prepare(cmd.plan, cmd.base, cmd.tag);
  else if (cmd.kind === 'go') publishAll();
  else if (cmd.kind === 'close') {
    await client?.endAsync();
    server?.close();
    await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
    reply({ kind: 'closed' });
  }
});
