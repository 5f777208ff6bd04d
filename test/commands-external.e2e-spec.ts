import mqtt, { type MqttClient } from 'mqtt';
import type { CommandReply } from '../apps/bridge/src/commands/command-types';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { testServices } from './setup/services';

/**
 * Commands through an external broker (the suite's Mosquitto) with MQTT 5 requests: every reply also goes
 * to the request's Response Topic with its Correlation Data (bridge-contract §4).
 */
describe('commands via an external MQTT 5 broker', () => {
  const base = `ext${process.pid}`;
  const id = '498060988801';
  let t: BridgeUnderTest;
  let client: MqttClient;
  let board: FakeBoard;
  const got: { topic: string; reply: CommandReply; correlation?: string }[] = [];

  beforeAll(async () => {
    t = await startTestBridge({ MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base,
      MQTT_SHARED_GROUP: `g${process.pid}` });
    client = await mqtt.connectAsync(testServices().mosquittoUrl, { protocolVersion: 5 });
    client.on('message', (topic, payload, packet) => got.push({ topic, reply: JSON.parse(payload.toString()),
      correlation: packet.properties?.correlationData?.toString() }));
    await client.subscribeAsync([`${base}/+/command/+/reply`, `${base}/answers/#`], { qos: 1 });
    board = await handshaken(new FakeBoard({ devId: id, answer: realisticBoard }), t.tcpPort);
  });

  afterAll(async () => {
    board.destroy();
    await client.endAsync();
    await t.close();
  });

  async function finalOn(topic: string, requestId: string) {
    const until = Date.now() + 5000;
    for (;;) {
      const hit = got.find((g) => g.topic === topic && g.reply.requestId === requestId && g.reply.final);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no final reply on ${topic}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('replies on the reply topic and on the Response Topic with the Correlation Data', async () => {
    const responseTopic = `${base}/answers/op-1`;
    await client.publishAsync(`${base}/${id}/command/sendsms`,
      JSON.stringify({ requestId: 'v5-1', slot: 1, to: '10001', text: 'hi' }),
      { qos: 1, properties: { responseTopic, correlationData: Buffer.from('corr-42') } });
    expect(await board.nextFrame((f) => f.cmd === 'sendsms')).toMatchObject({ p3: 'hi' });
    await finalOn(`${base}/${id}/command/sendsms/reply`, 'v5-1');
    const viaResponse = await finalOn(responseTopic, 'v5-1');
    expect(viaResponse.correlation).toBe('corr-42');
    expect(got.filter((g) => g.topic === responseTopic).map((g) => g.reply.status))
      .toEqual(['sent', 'acknowledged', 'completed']);
  });

  it('a retained publication is rejected, also on the Response Topic', async () => {
    const responseTopic = `${base}/answers/op-2`;
    await client.publishAsync(`${base}/${id}/command/restart`, JSON.stringify({ requestId: 'v5-2' }),
      { qos: 1, retain: true, properties: { responseTopic, correlationData: Buffer.from('c2') } });
    const hit = await finalOn(responseTopic, 'v5-2');
    expect(hit.reply).toMatchObject({ status: 'rejected', reason: 'retained' });
    await client.publishAsync(`${base}/${id}/command/restart`, '', { qos: 1, retain: true });
    await expect(board.nextFrame((f) => f.cmd === 'restart', 300)).rejects.toThrow(/no matching frame/);
  });
});
