import type { BoardFixture } from './fixture';
import * as push from './fixtures-push';
import * as replies from './fixtures-replies';
import * as variants from './fixtures-variants';

/**
 * Board message fixtures for any test in the repo: every JSON example of board-protocol.md §2.3 and §3.2
 * plus the tolerant variants of §1.2, §2.4 and §6. Import single fixtures by name, or iterate
 * `ALL_FIXTURES` / `FIXTURES` (name → fixture).
 */
export * from './fixture';
export * from './fixtures-push';
export * from './fixtures-replies';
export * from './fixtures-variants';

export const FIXTURES: Readonly<Record<string, BoardFixture>> = Object.freeze({ ...push, ...replies, ...variants });
export const ALL_FIXTURES: readonly (readonly [name: string, fixture: BoardFixture])[] = Object.freeze(
  Object.entries(FIXTURES),
);
