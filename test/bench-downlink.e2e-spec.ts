import { randomUUID } from 'node:crypto';
import type { ScenarioKey } from '../bench/downlink/bench-args';
import type { PathStats } from '../bench/downlink/recorder';
import { runScenario } from '../bench/downlink/scenario-run';
import { startTopology } from '../bench/downlink/scenarios';
import { testServices } from './setup/services';

/** The counts the bench reports, without its timings. */
const counts = ({ sent, unique, lost, duplicates, strays, publishErrors }: PathStats) =>
  ({ sent, unique, lost, duplicates, strays, publishErrors });

/**
 * `npm run bench:downlink` with tiny numbers, on the suite's Redis and Mosquitto: every command of every
 * scenario reaches its board exactly once (bridge-contract §4: written at most once, and not lost), and so
 * does every baseline message. No timing is asserted: the bench reports timing, it does not judge it.
 */
describe('bench:downlink scenarios (smoke)', () => {
  const { redisUrl, mosquittoUrl } = testServices();
  const tag = `dl${randomUUID().slice(0, 6)}`;

  const scenarios: [ScenarioKey, string][] = [
    ['a', 'one instance, embedded broker'],
    ['b', 'two instances, clustered embedded brokers, publisher on A and boards on B'],
    ['c', 'two instances on Mosquitto, boards on B'],
  ];

  it.each(scenarios)('%s (%s): 50 commands at 100/s arrive exactly once', async (key) => {
    const run = `${tag}${key}`;
    const topology = await startTopology(key, { redisUrl, mosquittoUrl }, { tag: run, baseTopic: run });
    try {
      const r = await runScenario(topology, { rate: 100, seconds: 0.5, boards: 3, seed: 7, runId: run, baseTopic: run,
        warmupSeconds: 0.1 });
      const exactlyOnce = { sent: 50, unique: 50, lost: 0, duplicates: 0, strays: 0, publishErrors: 0 };
      expect(counts(r.bridge.stats)).toEqual(exactlyOnce);
      expect(counts(r.baseline.stats)).toEqual(exactlyOnce);
      expect(r.foreign).toEqual({ boards: 0, baseline: 0, badFrames: 0 });
    } finally {
      await topology.stop();
    }
  }, 90_000);
});
