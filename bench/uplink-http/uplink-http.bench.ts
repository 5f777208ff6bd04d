/**
 * Uplink throughput, HTTP uploads (issue 8 scenario 2): board uploads per second the bridge answers 200
 * (POST+FORM, and AES POST+JSON with the key in BOARDS_FILE), next to a same-run bare fastify route
 * answering 200 to the same bodies, so the ratio holds across machines. A benchmark, not a test: it
 * prints whether the target is met, it never fails on timing.
 *
 *   npm run bench:uplink-http                                  # 20k uploads × 3 rounds, both encodings
 *   npm run bench:uplink-http -- --uploads 5000 --rounds 1 --encodings aes-json
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatProfile, newestProfile, summariseProfile } from '../common/cpu-profile';
import { machineInfo, progress, REPO_ROOT, saveResults } from '../common/results';
import { readUplinkHttpArgs } from './args';
import { buildReport, formatReport } from './report';
import { type EncodingResult, openHttpRig, runEncoding } from './run';
import type { UploadKind } from './uploads';

async function main(): Promise<void> {
  const args = readUplinkHttpArgs(process.argv.slice(2));
  const machine = machineInfo();
  const tag = `uh${Date.now().toString(36)}`;
  const profileDir = args.profile ? join(REPO_ROOT, 'bench', 'results', 'profiles', tag) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const rig = await openHttpRig(tag, profileDir);
  const encodings: EncodingResult[] = [];
  try {
    for (const e of args.encodings as UploadKind[]) encodings.push(await runEncoding(rig, e, args, progress));
  } finally {
    await rig.stop();
  }
  const report = buildReport(args, encodings, machine);
  process.stdout.write(`${formatReport(report, saveResults(report))}\n`);
  const file = profileDir ? newestProfile(profileDir) : undefined;
  if (file) process.stdout.write(`${formatProfile(summariseProfile(file), 'bridge profile (HTTP uploads)')}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench:uplink-http failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
