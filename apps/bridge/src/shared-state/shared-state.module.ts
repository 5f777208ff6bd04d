import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { DEDUP_STORE } from '../ingest/dedup-store';
import {
  COMMAND_QUEUE, INSTANCE_CHANNEL, INSTANCE_REGISTRY, SESSION_OWNERSHIP, SHARED_STATE_STATUS,
} from '../routing/routing-ports';
import { createSharedState, type SharedState } from './create-shared-state';
import { SharedStateHealth } from './shared-state-health';

const SHARED_STATE = Symbol('SHARED_STATE');
/** The shared state's RedisConnection, or null in memory mode (cost guards count through it). */
export const SHARED_REDIS = Symbol('SHARED_REDIS');
const pick = (field: Exclude<keyof SharedState, 'close'>) => (s: SharedState) => s[field];

/**
 * The scale-out ports (routing-ports.ts) and the dedup store: on Redis when REDIS_URL is set, in memory
 * otherwise (bridge-contract §1). Global, so routing, ingest and TCP code inject the tokens anywhere.
 */
@Global()
@Module({
  providers: [
    { provide: SHARED_STATE, inject: [BRIDGE_CONFIG, LOGGER], useFactory: (c: BridgeConfig, log: Logger) => createSharedState(c, log) },
    { provide: SESSION_OWNERSHIP, inject: [SHARED_STATE], useFactory: pick('ownership') },
    { provide: COMMAND_QUEUE, inject: [SHARED_STATE], useFactory: pick('queue') },
    { provide: INSTANCE_CHANNEL, inject: [SHARED_STATE], useFactory: pick('channel') },
    { provide: INSTANCE_REGISTRY, inject: [SHARED_STATE], useFactory: pick('registry') },
    { provide: DEDUP_STORE, inject: [SHARED_STATE], useFactory: pick('dedup') },
    { provide: SharedStateHealth, inject: [SHARED_STATE], useFactory: pick('health') },
    { provide: SHARED_STATE_STATUS, useExisting: SharedStateHealth },
    { provide: SHARED_REDIS, inject: [SHARED_STATE], useFactory: (s: SharedState) => s.redis ?? null },
  ],
  exports: [SESSION_OWNERSHIP, COMMAND_QUEUE, INSTANCE_CHANNEL, INSTANCE_REGISTRY, DEDUP_STORE, SharedStateHealth,
    SHARED_STATE_STATUS, SHARED_REDIS],
})
export class SharedStateModule implements OnApplicationShutdown {
  constructor(@Inject(SHARED_STATE) private readonly state: SharedState) {}

  /**
   * Closing here, not in beforeApplicationShutdown: Nest runs every module's beforeApplicationShutdown
   * first, and the bridge lifecycle still releases sessions and drains through Redis there. As a global
   * module this one's onApplicationShutdown also comes after the app's feature modules'.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.state.close();
  }
}
