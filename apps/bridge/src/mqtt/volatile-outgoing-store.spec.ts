import type { Packet } from 'mqtt';
import { VolatileOutgoingStore } from './volatile-outgoing-store';

async function storedIds(store: VolatileOutgoingStore): Promise<number[]> {
  const ids: number[] = [];
  for await (const packet of store.createStream()) ids.push((packet as Packet).messageId as number);
  return ids;
}

function publish(messageId: number): Packet {
  return { cmd: 'publish', messageId, topic: 't', payload: 'p', qos: 1, dup: false, retain: false };
}

describe('VolatileOutgoingStore', () => {
  it('keeps unacknowledged publications like MQTT.js Store while connected', async () => {
    const store = new VolatileOutgoingStore();
    store.put(publish(1), () => undefined).put(publish(2), () => undefined);
    store.del({ messageId: 1 }, () => undefined);
    expect(await storedIds(store)).toEqual([2]);
  });

  it('forgets everything on clear(), so nothing is resent after a reconnect', async () => {
    const store = new VolatileOutgoingStore();
    store.put(publish(1), () => undefined).put(publish(2), () => undefined);
    store.clear();
    expect(await storedIds(store)).toEqual([]);
    const missing = jest.fn();
    store.get({ messageId: 2 }, missing);
    expect(missing).toHaveBeenCalledWith(expect.objectContaining({ message: 'missing packet' }));
  });
});
