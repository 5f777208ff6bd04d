import { sms501, sim204, call601 } from '../libs/board-protocol/src/testing/fixtures';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, eventually, sleep, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { MqttProbe, type ProbeMessage } from './helpers/mqtt-probe';
import { topicMatches, TopicScheme } from '../apps/bridge/src/mqtt/topics';
import { HaTopics } from '../apps/bridge/src/homeassistant/ha-topics';
import {
  checkDeviceDiscovery, duplicateUniqueIds, expandDiscovery, hasPath, templatePaths,
} from '../apps/bridge/src/homeassistant/testing/ha-discovery-rules';

/**
 * Home Assistant discovery against the real bridge (embedded broker, default prefix and base topic): the
 * payloads follow HA's discovery rules, every topic they name is one the bridge really publishes or takes
 * commands on, and what HA would publish becomes the board commands (docs/home-assistant.md).
 */
describe('Home Assistant discovery (embedded broker)', () => {
  const A = '498060955501'; // listed, notify to a fixed number
  const B = '498060955502'; // listed, never connects
  const C = '498060955503'; // not listed, reports
  const NOTIFY_TO = '+8613800000000';
  const registry = `boards:\n  "${A}": { name: office, ha: { notifyTo: "${NOTIFY_TO}" } }\n  "${B}": { name: lab }\n`;
  const topics = new TopicScheme('boards');
  const ha = new HaTopics(topics, 'homeassistant');
  let t: BridgeUnderTest;
  let probe: MqttProbe;
  const boards: FakeBoard[] = [];

  beforeAll(async () => {
    t = await startTestBridge({ HA_DISCOVERY: 'true', HA_REPUBLISH_DELAY_MS: '400', BOARDS_FILE: 'boards.yaml' },
      { 'boards.yaml': registry });
    probe = await MqttProbe.connect(t.mqttUrl, ['homeassistant/#', 'boards/#']);
  });

  afterAll(async () => {
    boards.forEach((b) => b.destroy());
    await probe.close();
    await t.close();
  });

  async function online(devId: string): Promise<FakeBoard> {
    const board = new FakeBoard({ devId, answer: realisticBoard });
    boards.push(board);
    await board.connect(t.tcpPort);
    board.hello();
    await board.nextFrame((f) => f.cmd === 'now');
    await probe.until(topics.availability(devId), (m) => m.json().state === 'online');
    return board;
  }

  const config = (devId: string) => probe.until(ha.discovery(devId), (m) => m.payload.length > 0);
  const last = (topic: string): ProbeMessage | undefined => probe.on(topic).at(-1);

  it('publishes a valid, retained device for every listed board at start', async () => {
    for (const id of [A, B]) {
      const m = await config(id);
      expect(m.retain).toBe(true);
      expect(checkDeviceDiscovery(m.topic, m.payload, 'homeassistant')).toEqual([]);
    }
    const names = Object.keys((await config(A)).json<{ cmps: object }>().cmps);
    expect(names).toEqual(expect.arrayContaining(['sim1_sms', 'sim2_sms', 'restart', 'sim1_hangup', 'events']));
    expect(Object.keys((await config(B)).json<{ cmps: object }>().cmps)).not.toContain('sim1_sms');
  });

  it('gives an unlisted board a device when it reports; unique ids stay unique across devices', async () => {
    await online(C);
    const m = await config(C);
    expect(checkDeviceDiscovery(m.topic, m.payload, 'homeassistant')).toEqual([]);
    expect(m.json<{ dev: { name: string } }>().dev.name).toBe(`SMS board ${C}`);
    const payloads = await Promise.all([A, B, C].map(async (id) => (await config(id)).json()));
    expect(duplicateUniqueIds(payloads)).toEqual([]);
  });

  it('mirrors SMS and calls as HA events and keeps the last SMS per slot', async () => {
    const board = await online(A);
    board.send({ ...sms501.raw, devId: A, slot: 1, smsTm: 1_700_000_000_000 });
    board.send({ ...sms501.raw, devId: A, slot: 1, smsTm: 1_700_000_000_000 }); // a resend: one event
    board.send({ ...sms501.raw, devId: A, slot: 2, phNum: '10010', smsTm: 1_700_000_100_000 });
    board.send({ ...call601.raw, devId: A });
    const events = await probe.count(ha.event(A), 3);
    expect(events.map((e) => e.json().event_type)).toEqual(['sms_received', 'sms_received', 'call_incoming']);
    expect(events[0].json()).toMatchObject({ from: '10086', slot: 1, text: sms501.raw.smsBd, board: A });
    expect(events.every((e) => !e.retain)).toBe(true);
    const slot2 = await probe.next(ha.lastSms(A, 2));
    expect(slot2.json()).toEqual({ slot: 2, from: '10010', at: new Date(1_700_000_100_000).toISOString() });
    await sleep(200);
    expect(probe.on(ha.event(A))).toHaveLength(3);
  });

  it('names only topics the bridge publishes (with the keys its templates read) or takes commands on', async () => {
    const board = await online(A);
    board.send({ ...sim204.raw, devId: A, slot: 2 });
    await probe.until(topics.state(A), (m) => m.json<{ slots: Record<string, { status: string }> }>().slots[2].status === 'ready');
    await probe.next(ha.lastSms(A, 1));
    const { components, top } = expandDiscovery((await config(A)).json());
    for (const a of top.availability as { topic: string; value_template: string }[]) checkTopicRead(a.topic, a.value_template);
    for (const [key, c] of Object.entries(components)) {
      for (const k of ['state_topic', 'json_attributes_topic']) {
        if (typeof c[k] === 'string') checkTopicRead(c[k] as string, (k === 'state_topic' ? c.value_template : c.json_attributes_template) as string | undefined, key);
      }
      if (c.platform === 'event') {
        for (const m of probe.on(c.state_topic as string)) expect(c.event_types).toContain(m.json().event_type);
      }
      if (typeof c.command_topic === 'string') expect([key, topicMatches(topics.commandFilter(), c.command_topic)]).toEqual([key, true]);
    }
  });

  /** The bridge published on `topic`, and its latest payload has every key the template reads. */
  function checkTopicRead(topic: string, template: string | undefined, key = 'availability'): void {
    const m = last(topic);
    expect([key, topic, m !== undefined]).toEqual([key, topic, true]);
    for (const path of templatePaths(template ?? '')) expect([key, path, hasPath(m?.json(), path)]).toEqual([key, path, true]);
  }

  it('a notify publication (what HA sends) becomes a sendsms written to the board', async () => {
    const board = await online(A);
    const c = (await config(A)).json<{ cmps: Record<string, { command_topic: string; command_template: string }> }>().cmps.sim2_sms;
    const text = '查话费 "now" {{x}}';
    // HA renders the template with value = the message; `value | to_json` is the message as a JSON string
    const payload = c.command_template.replace('{{ value | to_json }}', JSON.stringify(text));
    await probe.client.publishAsync(c.command_topic, payload, { qos: 1 });
    const frame = await board.nextFrame((f) => f.cmd === 'sendsms');
    expect(frame).toMatchObject({ cmd: 'sendsms', p1: 2, p2: NOTIFY_TO, p3: text });
    await probe.until(`${c.command_topic}/reply`, (m) => m.json().status === 'completed');
  });

  it('the buttons become restart and telhangup frames', async () => {
    const board = await online(A);
    const cmps = (await config(A)).json<{ cmps: Record<string, { command_topic: string; payload_press: string }> }>().cmps;
    await probe.client.publishAsync(cmps.sim2_hangup.command_topic, cmps.sim2_hangup.payload_press, { qos: 1 });
    expect(await board.nextFrame((f) => f.cmd === 'telhangup')).toMatchObject({ cmd: 'telhangup', p1: 2 });
    await probe.client.publishAsync(cmps.restart.command_topic, cmps.restart.payload_press, { qos: 1 });
    expect(await board.nextFrame((f) => f.cmd === 'restart')).toEqual({ cmd: 'restart' });
  });

  it("publishes every device again a short random delay after HA's birth message, once per burst", async () => {
    await config(A);
    const before = probe.on(ha.discovery(A)).length;
    const sent = Date.now();
    await probe.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
    await probe.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
    const again = await probe.waitFor(ha.discovery(A), 3000);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(190);
    expect(again.payload).toBe((await config(A)).payload);
    for (const id of [B, C]) await eventually(() => probe.on(ha.discovery(id)).length >= 2, 2000, `${id} again`);
    await sleep(600);
    expect(probe.on(ha.discovery(A))).toHaveLength(before + 1);
  });

  it('ignores anything but online on the status topic, and takes a retained online too', async () => {
    const before = probe.on(ha.discovery(A)).length;
    await probe.client.publishAsync('homeassistant/status', 'offline', { qos: 1 });
    await sleep(700);
    expect(probe.on(ha.discovery(A))).toHaveLength(before);
    await probe.client.publishAsync('homeassistant/status', 'online', { qos: 1, retain: true });
    await probe.waitFor(ha.discovery(A), 3000);
    await probe.client.publishAsync('homeassistant/status', '', { qos: 1, retain: true });
  });
});
