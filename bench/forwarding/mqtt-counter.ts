import { connectAsync } from 'mqtt';

/** Counts the events a bridge publishes (the ingest-only reference: TCP → MQTT, no forwarding). */
export async function mqttCounter(url: string, filter: string): Promise<{ count(): number; close(): Promise<void> }> {
  let n = 0;
  const client = await connectAsync(url, { protocolVersion: 5, clean: true });
  client.on('message', () => { n++; });
  await client.subscribeAsync(filter, { qos: 0 });
  return { count: () => n, close: () => client.endAsync() };
}
