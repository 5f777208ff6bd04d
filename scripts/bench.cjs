// `npm run bench`: loads the TypeScript runner (bench/run-all.ts) through @swc-node/register, as every
// other bench script does with `node -r @swc-node/register`. Usage is in the header of bench/run-all.ts.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point: require() is how it loads */
require('@swc-node/register');
require('../bench/run-all.ts');
