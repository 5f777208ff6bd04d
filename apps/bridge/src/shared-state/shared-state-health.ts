import type { SharedStateStatus } from '../routing/routing-ports';

/**
 * What health and lifecycle code may know about the shared state (bridge-contract §1): which kind runs,
 * whether it is reachable now, and when it came back (to re-claim live sessions). Injectable by this
 * class or by the SHARED_STATE_STATUS token of routing-ports.ts; both give the same object.
 */
export abstract class SharedStateHealth implements SharedStateStatus {
  abstract readonly mode: 'memory' | 'redis';
  abstract readonly connected: boolean;
  /**
   * Called on every reconnect, and on the first connect if Redis was down at start and commands failed
   * meanwhile; returns the unsubscribe. Never called in memory.
   */
  abstract onReconnect(cb: () => void): () => void;
}
