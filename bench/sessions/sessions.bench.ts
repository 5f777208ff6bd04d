/**
 * Idle sessions and connect storm (issue 8 scenario 4): as many idle board sessions as the fd limit allows
 * in one bridge process (about 19 000 here, stack.md §3d), each pinging once, with RSS and heap per
 * session against a same-run bare Node TCP server holding as many sockets; and 10 000 boards connecting
 * within 10 s, with the share that got `now` within 5 s and the p99 handshake time. A benchmark, not a
 * test: it prints whether the targets are met, it never fails on timing.
 *
 *   npm run bench:sessions                                    # fd limit − reserve (≤ 19 000), storm 10 000 in 10 s
 *   npm run bench:sessions -- --sessions 2000 --storm 1000 --storm-seconds 2
 */
import { fdLimit } from '../common/proc';
import { machineInfo, progress, saveResults } from '../common/results';
import { readSessionsArgs } from './args';
import { SessionClients } from './clients';
import { buildReport, formatReport } from './report';
import { holdBare, holdBridge, memoryRatio } from './run';

async function main(): Promise<void> {
  const args = readSessionsArgs(process.argv.slice(2));
  const machine = machineInfo();
  const tag = `ss${Date.now().toString(36)}`;
  const clients = SessionClients.start(args.clients);
  try {
    progress(`(sessions) bare Node TCP server: ${args.sessions} sockets`);
    const bare = await holdBare(clients, args, tag);
    progress(`(sessions) bridge: storm of ${args.storm} in ${args['storm-seconds']} s, then up to ${args.sessions} sessions`);
    const { hold: bridge, storm } = await holdBridge(clients, args, tag);
    const results = { fdLimit: fdLimit(), bare, bridge, ratio: memoryRatio(bridge, bare), target: 3, ...(storm ? { storm } : {}) };
    const report = buildReport(args, results, machine);
    process.stdout.write(`${formatReport(report, saveResults(report))}\n`);
  } finally {
    await clients.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:sessions failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
