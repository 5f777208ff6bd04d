import { randomUUID } from 'node:crypto';
import type { PrivateServices } from '../bench/common/services';
import type { BatchStats } from '../bench/common/subscriber';
import { SessionClients } from '../bench/sessions/clients';
import { holdBare, holdBridge } from '../bench/sessions/run';
import type { SessionsArgs } from '../bench/sessions/args';
import { httpRound, openHttpRig } from '../bench/uplink-http/run';
import type { UplinkTcpArgs } from '../bench/uplink-tcp/args';
import { runMode } from '../bench/uplink-tcp/run';
import { testServices } from './setup/services';

/** The counts a bench round reports, without its timings. */
const counts = ({ expected, unique, lost, duplicates, outOfRange }: BatchStats) => ({ expected, unique, lost, duplicates, outOfRange });
const exactly = (n: number) => ({ expected: n, unique: n, lost: 0, duplicates: 0, outOfRange: 0 });
const quiet = () => undefined;

/**
 * `npm run bench` scenarios uplink-tcp, uplink-http and sessions with tiny numbers, on the suite's Redis and
 * Mosquitto: every event of every round reaches the counting subscriber exactly once, on the bridge path
 * and on the baseline path, and every session opens. No timing is asserted: the benches report timing,
 * they do not judge it.
 */
describe('bench scenarios (smoke)', () => {
  const { redisUrl, mosquittoUrl } = testServices();
  const services: PrivateServices = { redisUrl, mosquittoUrl, pids: {}, stop: async () => undefined };
  const tag = `bs${randomUUID().slice(0, 6)}`;

  it.each(['embedded', 'external'] as const)('uplink-tcp %s: 240 events per path arrive exactly once', async (mode) => {
    const args: UplinkTcpArgs = { events: 240, boards: 6, clients: 2, rounds: 1, warmup: 60, 'ping-every': 5,
      'frames-per-write': 4, modes: [mode], profile: false };
    const r = await runMode(mode, args, services, `${tag}${mode[0]}`, quiet);
    expect(r.bridge.map((x) => counts(x.stats))).toEqual([exactly(240)]);
    expect(r.baseline.map((x) => counts(x.stats))).toEqual([exactly(240)]);
    expect(r.bridge[0].stats.strays).toBe(0);
  }, 60_000);

  it('uplink-http: 120 uploads per encoding are answered 200 and published exactly once', async () => {
    const rig = await openHttpRig(`${tag}h`);
    try {
      for (const encoding of ['form', 'aes-json'] as const) {
        const bridge = await httpRound(rig, 'bridge', encoding, 120, { boards: 5, connections: 4, 'baseline-factor': 1 });
        const bare = await httpRound(rig, 'baseline', encoding, 120, { boards: 5, connections: 4, 'baseline-factor': 1 });
        for (const g of [bridge.generator, bare.generator]) expect([g.ok, g.non2xx, g.errors, g.timeouts]).toEqual([120, 0, 0, 0]);
        expect(bridge.events && counts(bridge.events)).toEqual(exactly(120));
      }
    } finally {
      await rig.stop();
    }
  }, 60_000);

  it('sessions: 60 idle sessions on the bare server and on the bridge, a storm of 30 all handshaken', async () => {
    const args: SessionsArgs = { sessions: 60, storm: 30, 'storm-seconds': 1, 'handshake-limit-ms': 5000, 'ping-seconds': 1,
      clients: 2 };
    const clients = SessionClients.start(2);
    try {
      const bare = await holdBare(clients, args, `${tag}s`);
      expect([bare.sessions, bare.failed, bare.dropped]).toEqual([60, 0, 0]);
      const { hold, storm } = await holdBridge(clients, args, `${tag}s`);
      expect([hold.sessions, hold.failed, hold.dropped]).toEqual([60, 0, 0]);
      expect(storm && [storm.boards, storm.failed, storm.withinLimit + storm.late]).toEqual([30, 0, 30]);
      expect(hold.after.rss).toBeGreaterThan(0);
    } finally {
      await clients.stop();
    }
  }, 60_000);
});
