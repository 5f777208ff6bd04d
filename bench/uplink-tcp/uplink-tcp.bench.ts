/**
 * Uplink throughput, TCP → MQTT (issue 8 scenario 1): events per second at an MQTT subscriber while
 * simulated boards in several processes send SMS and ping frames to a bridge process, next to a same-run
 * baseline through the same kind of broker — aedes alone for the embedded broker, a bare MQTT.js QoS 1
 * publisher for Mosquitto — so the ratio holds across machines. Redis and Mosquitto are private to the
 * run. A benchmark, not a test: it prints whether the targets are met, it never fails on timing.
 *
 *   npm run bench:uplink-tcp                                  # 60k events × 3 rounds, both modes
 *   npm run bench:uplink-tcp -- --events 20000 --rounds 1 --modes embedded --profile
 */
import { progress, saveResults } from '../common/results';
import { startPrivateServices } from '../common/services';
import { readUplinkTcpArgs } from './args';
import { buildReport, formatReport } from './report';
import { type ModeResult, runMode } from './run';

async function main(): Promise<void> {
  const args = readUplinkTcpArgs(process.argv.slice(2));
  const report = buildReport(args, []);
  const services = await startPrivateServices();
  const modes: ModeResult[] = [];
  const tag = `ut${Date.now().toString(36)}`;
  try {
    for (const mode of args.modes as ModeResult['mode'][]) modes.push(await runMode(mode, args, services, `${tag}${mode[0]}`, progress));
  } finally {
    await services.stop();
  }
  const done = buildReport(args, modes, report.machine);
  process.stdout.write(`${formatReport(done, saveResults(done))}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench:uplink-tcp failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
