/**
 * Child process: one MQTT.js subscriber that counts marked events per batch (marker.ts) and reports the
 * wall-clock time at which a batch became complete. Started by subscriber.ts; commands arrive over IPC.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { reply, serveParent, wallMs } from './child';
import { findMarker } from './marker';
import type { BatchStats, SubscriberCommand } from './subscriber';

class BatchCount {
  private readonly seen: Uint8Array;
  received = 0;
  unique = 0;
  duplicates = 0;
  outOfRange = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  doneAt: number | null = null;

  constructor(readonly batch: number, readonly expected: number) {
    this.seen = new Uint8Array(expected);
  }

  arrive(seq: number, at: number): void {
    this.received += 1;
    this.firstAt ??= at;
    this.lastAt = at;
    if (seq >= this.expected) this.outOfRange += 1;
    else if (this.seen[seq]) this.duplicates += 1;
    else {
      this.seen[seq] = 1;
      if (++this.unique === this.expected) this.doneAt = at;
    }
  }

  stats(strays: number): BatchStats {
    const { batch, expected, received, unique, duplicates, outOfRange, firstAt, lastAt, doneAt } = this;
    return { batch, expected, received, unique, duplicates, outOfRange, lost: expected - unique, firstAt, lastAt, doneAt,
      strays };
  }
}

const batches = new Map<number, BatchCount>();
let strays = 0;
let client: MqttClient | undefined;

function onMessage(payload: Buffer): void {
  const at = wallMs();
  const m = findMarker(payload);
  const b = m ? batches.get(m.batch) : undefined;
  if (m && b) b.arrive(m.seq, at);
  else strays += 1;
}

/** Answers once the batch is complete, or nothing arrived for `idleMs`, or `maxMs` passed. */
function awaitBatch(batch: number, idleMs: number, maxMs: number): void {
  const b = batches.get(batch);
  if (!b) throw new Error(`unknown batch ${batch}`);
  const start = wallMs();
  const check = (): void => {
    const now = wallMs();
    const idle = now - Math.max(b.lastAt ?? start, start) > idleMs;
    if (b.doneAt !== null || idle || now - start > maxMs) reply({ kind: 'batch', stats: b.stats(strays) });
    else setTimeout(check, 5);
  };
  check();
}

serveParent<SubscriberCommand>(async (cmd) => {
  if (cmd.kind === 'connect') {
    client = await mqtt.connectAsync(cmd.url, { protocolVersion: 4, reconnectPeriod: 0, clean: true });
    client.on('message', (_topic, payload) => onMessage(payload));
    await client.subscribeAsync(cmd.filters, { qos: cmd.qos });
    reply({ kind: 'ready' });
  } else if (cmd.kind === 'expect') {
    batches.set(cmd.batch, new BatchCount(cmd.batch, cmd.count));
    reply({ kind: 'expecting', batch: cmd.batch });
  } else if (cmd.kind === 'wait') {
    awaitBatch(cmd.batch, cmd.idleMs, cmd.maxMs);
  } else if (cmd.kind === 'close') {
    await client?.endAsync();
    reply({ kind: 'closed' });
  }
});
