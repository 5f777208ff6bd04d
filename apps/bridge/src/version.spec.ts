import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BRIDGE_VERSION } from './version';

it('BRIDGE_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  expect(BRIDGE_VERSION).toBe(pkg.version);
});
