import { startSimulation } from '../tools/simulator/simulate';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';
import { CommandClient } from './helpers/command-client';
import { MqttProbe } from './helpers/mqtt-probe';

/** The simulator (`npm run simulate`) drives a real bridge over TCP and HTTP like real boards. */
describe('board simulator', () => {
  let t: BridgeUnderTest;
  let probe: MqttProbe;

  beforeAll(async () => {
    t = await startTestBridge();
    probe = await MqttProbe.connect(t.mqttUrl, ['boards/#']);
  });
  afterAll(async () => {
    await probe.close();
    await t.close();
  });

  it('mixed boards come online, report events and answer commands with the documented reports', async () => {
    const sim = startSimulation({ boards: 4, transport: 'mixed', rate: 600, host: '127.0.0.1', tcpPort: t.tcpPort,
      uploadUrl: t.uploadUrl, pingSec: 1, seconds: 0, seed: 7, idPrefix: 'sim' });
    try {
      const ids = sim.boards.map((_, i) => `sim${String(i + 1).padStart(5, '0')}`);
      for (const id of ids) await probe.until(`boards/${id}/availability`, (m) => m.json().state === 'online');
      await eventually(() => ids.every((id) => probe.on(new RegExp(`^boards/${id}/event/(sms_received|call_|sim_)`)).length > 0),
        5000, 'events from every board');
      const cmds = new CommandClient(probe);
      const reply = await cmds.reply(await cmds.send(ids[0], 'sendsms', { slot: 1, to: '10086', text: 'hi' }));
      expect(reply).toMatchObject({ status: 'completed' });
      expect(sim.totals().errors).toBe(0);
    } finally {
      sim.stop();
    }
  });
});
