import fc from 'fast-check';
import { hostileText, INHERITED_NAMES, prototypesIntact } from '@board-bridge/board-protocol/testing/hostile';
import { boardSettings, loadConfig } from '../config';
import { BoardAdmission } from './board-admission';
import { BoardDirectory } from './board-directory';

/**
 * issue 6 "Fuzzing", board admission: the devId is chosen by whoever connects, so with the allowlist on,
 * no id outside BOARDS_FILE is admitted, including ids that are names every object inherits
 * (`constructor`, `toString`, `__proto__`): a plain `boards[devId]` lookup finds those.
 */

const LISTED = ['498060912345', 'office'];
const registry = JSON.stringify({ allowlist: true, boards: Object.fromEntries(LISTED.map((id) => [id, { name: id }])) });
const config = loadConfig({ BOARDS_FILE: '/r.json' }, () => registry);
const boards = new BoardDirectory(config);
const admission = new BoardAdmission(boards, config.FRESHNESS_WINDOW_SEC);

describe('BoardAdmission with the allowlist on, hostile devIds (fuzz)', () => {
  it('admits exactly the listed boards', () => {
    const devId = fc.oneof(fc.constantFrom(...INHERITED_NAMES, 'prototype', ...LISTED), hostileText);
    fc.assert(fc.property(devId, fc.constantFrom('tcp' as const, 'http' as const), (id, transport) => {
      const refusal = admission.check({ devId: id, transport, raw: { devId: id, type: 998 } });
      const listed = LISTED.includes(id);
      expect(refusal?.kind).toBe(listed ? undefined : 'not-allowed');
      expect(boards.allowed(id)).toBe(listed);
      expect(boardSettings(config, id).listed).toBe(listed);
      expect(prototypesIntact()).toBe(true);
    }), { numRuns: 300 });
  });

  it.each(INHERITED_NAMES)('refuses the inherited name %s as a board id', (id) => {
    expect(admission.check({ devId: id, transport: 'tcp', raw: { devId: id, type: 100 } })?.kind).toBe('not-allowed');
  });
});
