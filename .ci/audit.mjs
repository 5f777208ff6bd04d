#!/usr/bin/env node
// Dependency audit for CI (issue 6): `npm audit --omit=dev`, i.e. runtime dependencies only.
//   exit 0: no high or critical advisory (lower ones are listed), or the registry could not be reached
//           (a network error or an audit endpoint that answers with an HTTP error): a loud warning, no failure;
//   exit 1: high or critical advisories (each printed), or npm audit failed for a reason of its own.
// `node .ci/audit.mjs report.json` judges a saved `npm audit --json` report instead of running npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FAILING = new Set(['high', 'critical']);
const NETWORK = /request to .* failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up|network|timed? ?out/i;

function runAudit() {
  const res = spawnSync('npm', ['audit', '--omit=dev', '--json', '--fetch-retries=1', '--fetch-timeout=30000'], {
    encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) return { text: '', failure: `npm audit did not finish: ${res.error.message}` };
  return { text: res.stdout, failure: res.stderr.trim().split('\n').slice(-3).join(' | ') };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line per vulnerable package: its severity, range, advisories (or the packages it gets them through), fix. */
function describe(v) {
  const via = v.via.map((x) => (typeof x === 'string' ? `via ${x}` : `${x.title} (${x.url})`)).join('; ');
  const fix = v.fixAvailable === true ? 'fix: npm audit fix'
    : v.fixAvailable ? `fix: ${v.fixAvailable.name}@${v.fixAvailable.version}${v.fixAvailable.isSemVerMajor ? ' (major)' : ''}`
      : 'no fix available';
  return `  ${v.severity.padEnd(8)} ${v.name} ${v.range}: ${via}; ${fix}`;
}

const saved = process.argv[2];
const { text, failure } = saved ? { text: readFileSync(saved, 'utf8'), failure: '' } : runAudit();
const report = parse(text);

if (report && report.metadata && report.metadata.vulnerabilities) {
  const vulns = Object.values(report.vulnerabilities || {});
  const failing = vulns.filter((v) => FAILING.has(v.severity));
  const counts = report.metadata.vulnerabilities;
  const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${counts[s] || 0} ${s}`).join(', ');
  console.log(`npm audit (runtime dependencies): ${summary}`);
  for (const v of vulns.filter((x) => !FAILING.has(x.severity))) console.log(describe(v));
  if (failing.length > 0) {
    console.log('npm audit: FAILED: high or critical advisories in runtime dependencies:');
    for (const v of failing) console.log(describe(v));
    process.exit(1);
  }
  process.exit(0);
}

// No report: say why. Only a registry that cannot be reached is forgiven.
const reason = (report && (report.message || (report.error && report.error.summary))) || failure || 'no output';
const httpStatus = report && report.statusCode;
if (httpStatus || NETWORK.test(reason)) {
  console.log('WARNING: npm audit could not reach the registry\'s audit endpoint '
    + `(${String(reason).slice(0, 300)}). Runtime dependencies were NOT audited in this run.`);
  process.exit(0);
}
console.log(`npm audit: FAILED to run: ${String(reason).slice(0, 500)}`);
process.exit(1);
