// Preloaded into the bridge process by the sessions bench (`node --expose-gc -r …/mem-probe.cjs`):
// on SIGUSR2 it collects garbage twice and writes process.memoryUsage() as JSON to BENCH_MEM_FILE, so the
// bench can read the bridge's settled RSS and heap from outside without any code in the bridge itself.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-properties --
   a plain preload script: CommonJS, and its one setting comes from the environment the bench gives the bridge */
const { renameSync, writeFileSync } = require('node:fs');

const file = process.env.BENCH_MEM_FILE;
if (file && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    global.gc();
    writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    renameSync(`${file}.tmp`, file);
  });
}
