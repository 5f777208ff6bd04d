import type { InstanceRegistry } from './routing-ports';

/** One instance has no peers to lose: nothing to announce, nothing ever reported. */
export class SoloInstanceRegistry implements InstanceRegistry {
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  onBoardsLost(_listener: (boards: string[], instance: string) => void): () => void {
    return () => undefined;
  }
}
