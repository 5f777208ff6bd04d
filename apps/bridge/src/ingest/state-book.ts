import { type BoardMessage, type BoardState, mergeState } from '@board-bridge/board-protocol';
import type { TopicScheme } from '../mqtt/topics';
import type { Publication } from './publication';

/** The latest retained `{base}/{id}/state` of each board (bridge-contract §2); pure bookkeeping. */
export class StateBook {
  private readonly states = new Map<string, { state: BoardState; json: string }>();

  constructor(private readonly topics: TopicScheme) {}

  get(devId: string): BoardState | undefined {
    return this.states.get(devId)?.state;
  }

  /** Merges a message into the board's state; returns the retained publication when it changed. */
  apply(msg: BoardMessage, at: Date): Publication | null {
    const prev = this.states.get(msg.devId);
    const state = mergeState(prev?.state, msg, at);
    const json = JSON.stringify(state);
    if (prev?.json === json) return null;
    this.states.set(msg.devId, { state, json });
    return this.publication(msg.devId, json);
  }

  forget(devId: string): void {
    this.states.delete(devId);
  }

  all(): Publication[] {
    return [...this.states.entries()].map(([id, s]) => this.publication(id, s.json));
  }

  private publication(devId: string, json: string): Publication {
    return { topic: this.topics.state(devId), payload: json, qos: 1, retain: true, board: devId };
  }
}
