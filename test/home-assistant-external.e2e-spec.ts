import { MQTT_GATEWAY } from '../apps/bridge/src/mqtt/mqtt-gateway';
import type { ExternalMqttAdapter } from '../apps/bridge/src/mqtt/external-mqtt.adapter';
import { TopicScheme } from '../apps/bridge/src/mqtt/topics';
import { HaTopics } from '../apps/bridge/src/homeassistant/ha-topics';
import { parseMarker } from '../apps/bridge/src/homeassistant/ha-marker';
import { checkDeviceDiscovery } from '../apps/bridge/src/homeassistant/testing/ha-discovery-rules';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { testServices } from './setup/services';

/**
 * Home Assistant discovery on an external broker (the suite's Mosquitto, MQTT 5 as HA speaks it), where
 * retained messages outlive the bridge: restarts with a smaller registry remove what they must, and a
 * reconnect publishes every device again (docs/home-assistant.md). The tests are the steps of one story,
 * in order: each starts the bridge the way the previous one left the broker.
 */
describe('Home Assistant discovery (external broker, restarts)', () => {
  const base = `hax${process.pid}`;
  const prefix = `hadisc${process.pid}`;
  const [A, B, C] = ['498060966601', '498060966602', '498060966603'];
  const topics = new TopicScheme(base);
  const ha = new HaTopics(topics, prefix);
  const registry = (ids: string[]) => `boards:\n${ids.map((id) => `  "${id}": { name: board-${id} }\n`).join('')}`;
  let probe: MqttProbe;
  let t: BridgeUnderTest | undefined;
  const boards: FakeBoard[] = [];

  const start = async (ids: string[], env: Record<string, string> = {}) => {
    t = await startTestBridge({ MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base, HA_DISCOVERY: 'true',
      HA_DISCOVERY_PREFIX: prefix, BOARDS_FILE: 'boards.yaml', MQTT_SHARED_GROUP: `g${process.pid}`, ...env },
    { 'boards.yaml': registry(ids) });
    return t;
  };
  const stop = async () => {
    boards.splice(0).forEach((b) => b.destroy());
    await t?.close();
    t = undefined;
  };
  const markerHas = (expected: Record<string, string>) => probe.until(ha.marker(), (m) => {
    const boardsIn = parseMarker(m.payload) ?? {};
    return JSON.stringify(Object.fromEntries(Object.entries(boardsIn).map(([id, e]) => [id, e.origin])))
      === JSON.stringify(expected);
  });
  /** What a client connecting now finds retained under the prefix: topic → payload. */
  const retainedConfigs = async (): Promise<Record<string, string>> => {
    const fresh = await MqttProbe.connect(testServices().mosquittoUrl, [`${prefix}/#`], 5);
    await new Promise((r) => setTimeout(r, 300));
    await fresh.close();
    return Object.fromEntries(fresh.messages.map((m) => [m.topic, m.payload]));
  };

  beforeAll(async () => {
    probe = await MqttProbe.connect(testServices().mosquittoUrl, [`${prefix}/#`, `${base}/bridge/ha-discovery`], 5);
  });

  afterAll(async () => {
    await stop();
    // leave nothing retained on the shared broker: discovery, marker, availability, state, bridge state
    const left = await MqttProbe.connect(testServices().mosquittoUrl, [`${prefix}/#`, `${base}/#`], 5);
    await new Promise((r) => setTimeout(r, 300));
    for (const m of left.messages.filter((x) => x.retain)) await left.client.publishAsync(m.topic, '', { qos: 1, retain: true });
    await left.close();
    await probe.close();
  });

  it('records what it published in a retained marker: listed boards and unlisted ones that reported', async () => {
    await start([A, B]);
    for (const id of [A, B]) {
      const m = await probe.until(ha.discovery(id), (x) => x.payload.length > 0);
      expect(checkDeviceDiscovery(m.topic, m.payload, prefix)).toEqual([]);
    }
    const board = new FakeBoard({ devId: C });
    boards.push(board);
    await board.connect((t as BridgeUnderTest).tcpPort);
    board.hello();
    await probe.until(ha.discovery(C), (x) => x.payload.length > 0);
    await markerHas({ [A]: 'registry', [B]: 'registry', [C]: 'seen' });
    await stop();
  });

  it('a restart without a board in the registry removes its device; an unlisted board that reported keeps its', async () => {
    probe.clear();
    await start([A]);
    const removed = await probe.until(ha.discovery(B), (m) => m.payload.length === 0);
    expect(removed.payload).toBe('');
    await markerHas({ [A]: 'registry', [C]: 'seen' });
    const retained = await retainedConfigs();
    expect(Object.keys(retained).sort()).toEqual([ha.discovery(A), ha.discovery(C)].sort());
    await stop();
  });

  it('under an allowlist, the unlisted board loses its device at the next start too', async () => {
    probe.clear();
    await start([A], { BOARD_ALLOWLIST: 'true' });
    await probe.until(ha.discovery(C), (m) => m.payload.length === 0);
    await markerHas({ [A]: 'registry' });
    expect(Object.keys(await retainedConfigs())).toEqual([ha.discovery(A)]);
  });

  it('publishes every device again after a broker reconnect', async () => {
    const gateway = (t as BridgeUnderTest).bridge.app.get(MQTT_GATEWAY) as ExternalMqttAdapter;
    await probe.until(ha.discovery(A), (m) => m.payload.length > 0);
    const before = probe.on(ha.discovery(A)).length;
    gateway.clientForTests()?.stream.destroy(); // a network failure
    await probe.count(ha.discovery(A), before + 1, 8000);
    expect(probe.on(ha.discovery(A)).at(-1)?.payload).toBe(probe.on(ha.discovery(A))[0].payload);
    await stop();
  });
});
