/**
 * The retained marker `{base}/bridge/ha-discovery` (docs/home-assistant.md): which discovery config the
 * bridge published for which board, and why. The bridge has no other memory across restarts, so this is
 * what lets a restart remove the config of a board taken out of the registry. Pure functions only.
 *
 * ```json
 * {"v":1,"boards":{"498060912345":{"topic":"homeassistant/device/board_bridge_boards_498060912345/config",
 *   "origin":"registry"}}}
 * ```
 */

/** `registry`: listed in BOARDS_FILE; `seen`: not listed, but it reported to the bridge. */
export type Origin = 'registry' | 'seen';

export interface MarkerEntry {
  topic: string;
  origin: Origin;
}

export type MarkerBoards = Record<string, MarkerEntry>;

/** Keeps the marker (one retained message) well below any broker's message size limit. */
export const MAX_MARKER_BOARDS = 10_000;

/** The marker's boards; `{}` for an empty (cleared) payload; null for anything that is not a marker. */
export function parseMarker(payload: Buffer | string): MarkerBoards | null {
  const text = payload.toString();
  if (text.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const boards = (value as { v?: unknown; boards?: unknown } | null)?.boards;
  if ((value as { v?: unknown }).v !== 1 || typeof boards !== 'object' || boards === null) return null;
  const out: MarkerBoards = {};
  for (const [id, entry] of Object.entries(boards).slice(0, MAX_MARKER_BOARDS)) {
    if (isEntry(entry)) out[id] = { topic: entry.topic, origin: entry.origin };
  }
  return out;
}

function isEntry(e: unknown): e is MarkerEntry {
  const x = e as Partial<MarkerEntry> | null;
  return typeof x === 'object' && x !== null && typeof x.topic === 'string' && x.topic.length > 0
    && (x.origin === 'registry' || x.origin === 'seen');
}

/** Stable JSON (boards sorted by id), so equal markers are equal strings. */
export function serializeMarker(boards: MarkerBoards): string {
  const sorted = Object.fromEntries(Object.entries(boards).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ v: 1, boards: sorted });
}

export interface ReconcileInput {
  /** A marker found on the broker: the previous run's at start, or another instance's later. */
  previous: MarkerBoards;
  /** What this process vouches for: listed boards and boards that reported here, under current topics. */
  local: MarkerBoards;
  /** Board ids in the registry now. */
  listed: ReadonlySet<string>;
  /** BOARD_ALLOWLIST: unlisted boards are refused, so their devices go too. */
  allowlist: boolean;
  /** The discovery topic the bridge would use for a board now (prefix or naming may have changed). */
  topicOf: (devId: string) => string;
}

export interface Reconciled {
  /** The marker to publish (and this process's view from now on). */
  boards: MarkerBoards;
  /** Discovery topics to clear with an empty retained payload. */
  remove: string[];
}

/**
 * What the bridge makes of a marker it finds: a board taken out of the registry loses its device (so does
 * an unlisted one under an allowlist); an unlisted board that only reported keeps it, since it may report
 * again; a config published under another topic (HA_DISCOVERY_PREFIX or base topic changed) is cleared
 * there. Idempotent: instances sharing one registry agree, and a marker reconciled with itself changes
 * nothing.
 */
export function reconcile(input: ReconcileInput): Reconciled {
  const boards: MarkerBoards = {};
  const remove = new Set<string>();
  for (const [id, entry] of Object.entries(input.previous)) {
    const live = input.listed.has(id) || input.local[id] !== undefined;
    const keptUnlisted = !live && entry.origin === 'seen' && !input.allowlist;
    if (entry.topic !== input.topicOf(id) || (!live && !keptUnlisted)) remove.add(entry.topic);
    else if (keptUnlisted && Object.keys(boards).length < MAX_MARKER_BOARDS) boards[id] = entry;
  }
  Object.assign(boards, input.local);
  for (const id of input.listed) boards[id] = { topic: input.topicOf(id), origin: 'registry' };
  // a topic in use for a board kept above is never cleared
  for (const entry of Object.values(boards)) remove.delete(entry.topic);
  return { boards, remove: [...remove] };
}
