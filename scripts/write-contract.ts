import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTRACT_FILES } from '../apps/bridge/src/contract/contract-files';

/**
 * `npm run contract`: writes the generated AsyncAPI and OpenAPI documents under docs/. Commit the result;
 * apps/bridge/src/contract/contract-files.spec.ts fails while a committed file is out of date.
 */
const root = join(__dirname, '..');
for (const [file, render] of Object.entries(CONTRACT_FILES)) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, render());
  process.stdout.write(`wrote ${file}\n`);
}
