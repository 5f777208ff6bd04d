import type { ChildProcess } from 'node:child_process';
import { FakeBoard } from './helpers/fake-board';
import { type BridgeUnderTest, sleep, startTestBridge } from './helpers/bridge-harness';
import { MqttProbe, type ProbeMessage } from './helpers/mqtt-probe';
import { freePort, servicesDir, startMosquitto, waitForPort } from './setup/services';

/**
 * Issue 3 leftover (bridge-contract §2): a broker that restarts without persistence has lost every retained
 * message; the bridge must publish each board's retained availability and state again once it reconnects.
 */
describe('external broker restart without persistence: retained availability and state come back', () => {
  let port: number;
  let broker: ChildProcess | undefined;
  let b: BridgeUnderTest;
  const base = `rp${process.pid}`;
  const devId = 'rp-board-1';
  const url = () => `mqtt://127.0.0.1:${port}`;

  async function startBroker(): Promise<void> {
    broker = startMosquitto(port, servicesDir(), ['persistence false']);
    await waitForPort(port);
  }

  async function stopBroker(): Promise<void> {
    const p = broker;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => { p.once('exit', () => resolve()); p.kill('SIGTERM'); });
  }

  /** A subscriber that connects now: all it gets at once are the retained messages the broker holds. */
  async function retainedNow(): Promise<MqttProbe> {
    return MqttProbe.connect(url(), [`${base}/${devId}/availability`, `${base}/${devId}/state`]);
  }

  /**
   * Fresh subscribers, one after another, until one finds both messages retained: a subscriber already
   * connected when the bridge republishes would get them live, without the retain flag.
   */
  async function freshSubscriberSeesBoth(timeoutMs: number): Promise<ProbeMessage[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const probe = await retainedNow().catch(() => undefined);
      await sleep(300);
      const retained = probe?.messages.filter((m) => m.retain) ?? [];
      await probe?.close();
      if (new Set(retained.map((m) => m.topic)).size === 2) return retained;
      if (Date.now() > until) throw new Error(`no fresh subscriber saw both retained within ${timeoutMs} ms`);
    }
  }

  beforeAll(async () => {
    port = await freePort();
    await startBroker();
    b = await startTestBridge({ MQTT_URL: url(), MQTT_BASE_TOPIC: base });
  });

  afterAll(async () => {
    await b.close();
    await stopBroker();
  });

  it('republishes them after the broker comes back empty', async () => {
    const board = new FakeBoard({ devId });
    await board.connect(b.tcpPort);
    board.hello();
    const before = await freshSubscriberSeesBoth(5000);
    expect(before.find((m) => m.topic.endsWith('/availability'))?.json()).toMatchObject({ state: 'online' });
    const stateBefore = before.find((m) => m.topic.endsWith('/state')) as ProbeMessage;

    await stopBroker();
    await startBroker();
    // the new broker starts empty: nothing retained until the bridge reconnects (1 s period) and republishes
    const retained = await freshSubscriberSeesBoth(10_000);
    const availability = retained.find((m) => m.topic.endsWith('/availability'));
    const state = retained.find((m) => m.topic.endsWith('/state'));
    expect(availability?.json()).toMatchObject({ state: 'online', transport: 'tcp' });
    // the latest snapshot (its lastSeen may be newer than the first one's)
    expect(state?.json()).toMatchObject({ devId, network: 'wifi', lastOnlineAt: stateBefore.json().lastOnlineAt });
    board.destroy();
  });
});
