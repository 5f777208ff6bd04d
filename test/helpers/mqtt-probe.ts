import mqtt, { type MqttClient } from 'mqtt';

export interface ProbeMessage {
  topic: string;
  payload: string;
  retain: boolean;
  json<T = Record<string, unknown>>(): T;
}

/** An MQTT.js subscriber that records every message and can await the next one on a topic. */
export class MqttProbe {
  readonly messages: ProbeMessage[] = [];
  private waiters: { topic: string | RegExp; from: number; resolve: (m: ProbeMessage) => void }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const text = payload.toString();
      const m: ProbeMessage = { topic, payload: text, retain: packet.retain, json: () => JSON.parse(text) };
      this.messages.push(m);
      const ready = this.waiters.filter((w) => matches(w.topic, topic));
      this.waiters = this.waiters.filter((w) => !matches(w.topic, topic));
      for (const w of ready) w.resolve(m);
    });
  }

  static async connect(url: string, filters: string[], protocolVersion: 4 | 5 = 4): Promise<MqttProbe> {
    const client = await mqtt.connectAsync(url, { protocolVersion, reconnectPeriod: 200 });
    const probe = new MqttProbe(client);
    await client.subscribeAsync(filters, { qos: 1 });
    return probe;
  }

  on(topic: string | RegExp): ProbeMessage[] {
    return this.messages.filter((m) => matches(topic, m.topic));
  }

  /** The first message on `topic` (one already received counts), or a timeout error. */
  next(topic: string | RegExp, timeoutMs = 5000): Promise<ProbeMessage> {
    const seen = this.on(topic)[0];
    if (seen) return Promise.resolve(seen);
    return this.waitFor(topic, timeoutMs);
  }

  /** The next message on `topic` arriving after now. */
  waitFor(topic: string | RegExp, timeoutMs = 5000): Promise<ProbeMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ topic, from: this.messages.length, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** The first message on `topic` (received already or later) for which `pred` holds. */
  async until(topic: string | RegExp, pred: (m: ProbeMessage) => boolean, timeoutMs = 5000): Promise<ProbeMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.on(topic).find(pred);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no matching message on ${topic} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until `count` messages matched `topic`. */
  async count(topic: string | RegExp, count: number, timeoutMs = 5000): Promise<ProbeMessage[]> {
    const until = Date.now() + timeoutMs;
    while (this.on(topic).length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} messages on ${topic}, got ${this.on(topic).length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.on(topic);
  }

  clear(): void {
    this.messages.length = 0;
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

function matches(pattern: string | RegExp, topic: string): boolean {
  return typeof pattern === 'string' ? pattern === topic : pattern.test(topic);
}
