import { boardSettings, type BridgeConfig } from '../config';
import type { TopicScheme } from '../mqtt/topics';
import { BRIDGE_VERSION } from '../version';
import { boardComponents, type BoardEntities, type HaComponent } from './ha-components';
import type { HaTopics, Slot } from './ha-topics';

/** One board as HA sees it: what the discovery payload is built from. */
export interface HaBoard extends BoardEntities {
  /** The registry's `name`, else `SMS board {id}`. */
  name: string;
}

/** Device-based discovery (HA 2024.11+): one retained config per board with `dev`, `o` and `cmps`. */
export interface DeviceDiscovery {
  dev: Record<string, unknown>;
  o: Record<string, unknown>;
  cmps: Record<string, HaComponent>;
  availability: Record<string, unknown>[];
  qos: 0 | 1;
}

/**
 * The discovery payload of one board. It depends on the configuration only, never on what a board
 * reported, so every instance of the bridge publishes the same bytes for the same board (no flapping
 * between instances, and republishing is idempotent).
 */
export function deviceDiscovery(topics: TopicScheme, ha: HaTopics, board: HaBoard): DeviceDiscovery {
  return {
    dev: {
      ids: [ha.objectId(board.devId)], name: board.name, mf: 'Lvyatech', mdl: 'X-series SMS/call board',
      sn: board.devId,
    },
    o: { name: 'board-bridge', sw: BRIDGE_VERSION },
    cmps: boardComponents(topics, ha, board),
    // shared by every component: unavailable while the board is offline (bridge-contract §2)
    availability: [{
      topic: topics.availability(board.devId), value_template: '{{ value_json.state }}',
      payload_available: 'online', payload_not_available: 'offline',
    }],
    qos: 1,
  };
}

/** The board's HA view from the registry (`name`, `ha.notifyTo`, with `defaults` applied). */
export function haBoard(config: BridgeConfig, devId: string): HaBoard {
  const s = boardSettings(config, devId);
  return { devId, name: s.name ?? `SMS board ${devId}`, notifyTo: notifyTargets(s.ha?.notifyTo) };
}

/** `notifyTo: "+86…"` covers both slots; `notifyTo: { 1: "+86…" }` only the slots it names. */
function notifyTargets(notifyTo: string | Partial<Record<'1' | '2', string>> | undefined): Partial<Record<Slot, string>> {
  if (notifyTo === undefined) return {};
  if (typeof notifyTo === 'string') return { 1: notifyTo, 2: notifyTo };
  const out: Partial<Record<Slot, string>> = {};
  if (notifyTo['1'] !== undefined) out[1] = notifyTo['1'];
  if (notifyTo['2'] !== undefined) out[2] = notifyTo['2'];
  return out;
}
