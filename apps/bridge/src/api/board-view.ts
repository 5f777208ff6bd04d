import type { InboundMqttMessage, MqttGateway } from '../mqtt/mqtt-gateway';
import { isValidBoardId, type TopicScheme } from '../mqtt/topics';

export interface BoardSnapshot {
  id: string;
  availability?: Record<string, unknown>;
  state?: Record<string, unknown>;
}

/** More boards than any deployment has: input from the broker is not trusted to stay small. */
const MAX_BOARDS = 200_000;

/**
 * Every board's retained availability and state as the broker holds them (bridge-contract §2), so the
 * HTTP API answers for boards held by any instance, not only this one.
 */
export class BoardView {
  private readonly boards = new Map<string, BoardSnapshot>();

  constructor(private readonly gateway: MqttGateway, private readonly topics: TopicScheme) {}

  async start(): Promise<void> {
    await this.gateway.subscribe(`${this.topics.base}/+/availability`, (m) => this.take(m, 'availability'));
    await this.gateway.subscribe(`${this.topics.base}/+/state`, (m) => this.take(m, 'state'));
  }

  list(): BoardSnapshot[] {
    return [...this.boards.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  get(id: string): BoardSnapshot | undefined {
    return this.boards.get(id);
  }

  private take(msg: InboundMqttMessage, kind: 'availability' | 'state'): void {
    const id = msg.topic.slice(this.topics.base.length + 1).split('/')[0];
    if (!isValidBoardId(id)) return;
    let snapshot = this.boards.get(id);
    if (!snapshot) {
      if (this.boards.size >= MAX_BOARDS || msg.payload.length === 0) return;
      this.boards.set(id, (snapshot = { id }));
    }
    if (msg.payload.length === 0) {
      delete snapshot[kind];
      return;
    }
    try {
      const value: unknown = JSON.parse(msg.payload.toString());
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) snapshot[kind] = value as Record<string, unknown>;
    } catch { /* not ours to judge: another publisher's retained junk is simply not shown */ }
  }
}
