import { BridgeProcess } from './helpers/bridge-process';
import { MqttProbe } from './helpers/mqtt-probe';

/** The harness the scale-out tests stand on: a real bridge process that starts, serves and stops cleanly. */
describe('bridge as a separate process', () => {
  it('starts on its embedded defaults, publishes its state, and exits 0 on SIGTERM', async () => {
    const p = await BridgeProcess.start({ instanceId: `proc-${process.pid}` });
    try {
      const probe = await MqttProbe.connect(p.mqttUrl, [`boards/bridge/proc-${process.pid}/state`]);
      expect((await probe.next(`boards/bridge/proc-${process.pid}/state`)).json()).toMatchObject({ state: 'online' });
      await probe.close();
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });
});
