import pino from 'pino';
import type { InboundMqttHandler, MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { HaMarkerSync } from './ha-marker-sync';
import { parseMarker, serializeMarker } from './ha-marker';
import { HaTopics } from './ha-topics';

/** A broker of one topic: publications are recorded, and the test delivers what the broker would. */
class FakeGateway {
  readonly published: { topic: string; payload: string; retain: boolean }[] = [];
  handler?: InboundMqttHandler;
  fail = false;
  async subscribe(_filter: string, handler: InboundMqttHandler): Promise<void> {
    this.handler = handler;
  }
  async publish(topic: string, payload: string | Buffer, opts: { retain?: boolean } = {}): Promise<void> {
    if (this.fail) throw new Error('down');
    this.published.push({ topic, payload: payload.toString(), retain: opts.retain ?? false });
  }
  deliver(payload: string): void {
    this.handler?.({ topic: 'boards/bridge/ha-discovery', payload: Buffer.from(payload), retain: true, qos: 1 });
  }
  markers() {
    return this.published.filter((p) => p.topic === 'boards/bridge/ha-discovery').map((p) => parseMarker(p.payload));
  }
}

const ha = new HaTopics(new TopicScheme('boards'), 'homeassistant');
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('HaMarkerSync', () => {
  let gw: FakeGateway;
  let sync: HaMarkerSync;
  const start = (listed: string[], allowlist = false) => {
    sync = new HaMarkerSync({ gateway: gw as unknown as MqttGateway, ha, log: pino({ level: 'silent' }),
      listed: new Set(listed), allowlist, waitMs: 20 });
    return sync.subscribe();
  };

  beforeEach(() => { gw = new FakeGateway(); });
  afterEach(() => sync.stop());

  it('clears the config of a board the previous run listed and this one does not, then records the new set', async () => {
    await start(['a']);
    sync.connected();
    gw.deliver(serializeMarker({ a: { topic: ha.discovery('a'), origin: 'registry' },
      b: { topic: ha.discovery('b'), origin: 'registry' } }));
    await tick();
    expect(gw.published[0]).toEqual({ topic: ha.discovery('b'), payload: '', retain: true });
    expect(gw.markers().at(-1)).toEqual({ a: { topic: ha.discovery('a'), origin: 'registry' } });
  });

  it('publishes its marker after the wait when the broker has none', async () => {
    await start(['a']);
    sync.connected();
    await tick();
    expect(gw.markers()).toEqual([{ a: { topic: ha.discovery('a'), origin: 'registry' } }]);
  });

  it('records boards seen here, in one publication per burst, and not its own echo again', async () => {
    await start([]);
    sync.connected();
    await tick();
    sync.record('x');
    sync.record('y');
    sync.record('x');
    await tick(250);
    expect(gw.markers().at(-1)).toEqual({ x: { topic: ha.discovery('x'), origin: 'seen' },
      y: { topic: ha.discovery('y'), origin: 'seen' } });
    const count = gw.published.length;
    gw.deliver(gw.published.at(-1)?.payload ?? '');
    await tick();
    expect(gw.published).toHaveLength(count);
  });

  it('keeps the stale entry when clearing failed, and clears it at the next reconcile', async () => {
    await start([]);
    const stale = serializeMarker({ b: { topic: ha.discovery('b'), origin: 'registry' } });
    gw.fail = true;
    gw.deliver(stale);
    await tick();
    gw.fail = false;
    sync.connected();
    await tick();
    expect(gw.published.filter((p) => p.topic === ha.discovery('b'))).toEqual([]);
    expect(gw.markers().at(-1)).toEqual({ b: { topic: ha.discovery('b'), origin: 'registry' } });
    gw.deliver(gw.published.at(-1)?.payload ?? '');
    await tick();
    expect(gw.published.filter((p) => p.topic === ha.discovery('b'))).toEqual([{ topic: ha.discovery('b'), payload: '', retain: true }]);
    expect(gw.markers().at(-1)).toEqual({});
  });
});
