import { type Packet, Store } from 'mqtt';

type Done = Parameters<Store['put']>[1];
type PacketDone = Parameters<Store['del']>[1];

/**
 * MQTT.js's outgoing store, emptied whenever the connection drops. MQTT.js otherwise resends unacknowledged
 * QoS 1 publications after a reconnect, even with `clean: true`; the gateway has already rejected those
 * (MqttUnavailableError) and the bridge's spool republishes them (bridge-contract §6), so a resend would
 * deliver them twice.
 */
export class VolatileOutgoingStore extends Store {
  private readonly ids = new Set<number>();

  override put(packet: Packet, cb: Done): this {
    if (packet.messageId !== undefined) this.ids.add(packet.messageId);
    return super.put(packet, cb);
  }

  override del(packet: Pick<Packet, 'messageId'>, cb: PacketDone): this {
    if (packet.messageId !== undefined) this.ids.delete(packet.messageId);
    return super.del(packet, cb);
  }

  clear(): void {
    for (const messageId of this.ids) super.del({ messageId }, () => undefined);
    this.ids.clear();
  }
}
