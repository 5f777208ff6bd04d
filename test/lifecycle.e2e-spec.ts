import { createServer, type Server } from 'node:net';
import { FakeBoard } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { startTestBridge } from './helpers/bridge-harness';
import { testServices } from './setup/services';

describe('bridge lifecycle', () => {
  it('on shutdown marks every board offline with reason `shutdown` and the bridge offline (retained)', async () => {
    const base = `life${process.pid}`;
    const b = await startTestBridge({ MQTT_URL: testServices().mosquittoUrl, MQTT_BASE_TOPIC: base });
    const fb = new FakeBoard({ devId: 'sd-1' });
    await fb.connect(b.tcpPort);
    fb.hello();
    const probe = await MqttProbe.connect(testServices().mosquittoUrl, [`${base}/#`]);
    try {
      await probe.until(`${base}/sd-1/availability`, (m) => m.json().state === 'online');
      await b.close();
      await fb.closed;
      const late = await MqttProbe.connect(testServices().mosquittoUrl, [`${base}/#`]);
      try {
        expect((await late.until(`${base}/sd-1/availability`, (m) => m.retain)).json())
          .toMatchObject({ state: 'offline', reason: 'shutdown' });
        expect((await late.until(/\/bridge\/.+\/state$/, (m) => m.retain)).json()).toMatchObject({ state: 'offline' });
      } finally {
        await late.close();
      }
    } finally {
      await probe.close();
    }
  });

  it('a taken TCP port stops start-up with a message naming TCP_PORT', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startTestBridge({ TCP_PORT: String(port) })).rejects.toThrow(/TCP port .* in use: set TCP_PORT/);
    } finally {
      blocker.close();
    }
  });
});
