import { randomUUID } from 'node:crypto';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { InboundMqttMessage, MqttGateway } from '../apps/bridge/src/mqtt/mqtt-gateway';

/** A topic prefix no other test (or earlier run against the same broker) uses. */
export function uniquePrefix(): string {
  return `e2e-gw/${randomUUID().slice(0, 8)}`;
}

/** Every client a test opens, closed in afterEach so no socket outlives its test. */
export class ClientPool {
  private readonly clients: MqttClient[] = [];

  async connect(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...opts });
    this.clients.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.endAsync(true)));
  }
}

export interface Received {
  topic: string;
  payload: string;
  packet: IPublishPacket;
}

/** The next message a client receives on `topic`. */
export function nextMessage(client: MqttClient, topic: string, timeoutMs = 3000): Promise<Received> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (t: string, payload: Buffer, packet: IPublishPacket) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic: t, payload: payload.toString(), packet });
    };
    client.on('message', onMessage);
  });
}

/** Collects what a gateway subscription delivers; `next()` awaits the next one. */
export class HandlerProbe {
  readonly received: InboundMqttMessage[] = [];
  private waiter?: (m: InboundMqttMessage) => void;

  readonly handler = (msg: InboundMqttMessage): void => {
    this.received.push(msg);
    this.waiter?.(msg);
  };

  next(timeoutMs = 3000): Promise<InboundMqttMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`handler got nothing within ${timeoutMs} ms`)), timeoutMs);
      this.waiter = (m) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(m);
      };
    });
  }
}

/** Resolves when the gateway reports `state`. */
export function connectionState(gateway: MqttGateway, state: boolean, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`gateway did not become ${state ? 'connected' : 'disconnected'} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = gateway.onConnectionChange((connected) => {
      if (connected !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
