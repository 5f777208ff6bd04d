import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { BRIDGE_CONFIG, type BridgeConfig } from '../../config';
import { LOGGER } from '../../core/tokens';
import { RateLimitedLog } from '../../logging/rate-limited-log';
import { BridgeMetrics } from '../../metrics/bridge-metrics';
import type { RedisConnection } from '../../redis/redis-connection';
import { SHARED_REDIS } from '../../shared-state/shared-state.module';
import { CommandReplies } from '../command-replies';
import { CostGuard } from './cost-guard';
import { DayClock } from './day-clock';
import { GuardKeys } from './guard-counters';
import { GuardMetrics } from './guard-metrics';
import { GuardPolicy } from './guard-policy';
import { type GuardStore, MemoryGuardStore } from './guard-store';
import { RedisGuardStore } from './redis-guard-store';

/**
 * The cost guard (docs/cost-guards.md) for CommandsModule: its counters on the shared state's Redis when
 * REDIS_URL is set, in memory otherwise; it follows every reply this instance publishes for refunds.
 */
export const COST_GUARD_PROVIDERS: Provider[] = [
  {
    provide: CostGuard,
    inject: [BRIDGE_CONFIG, SHARED_REDIS, CommandReplies, BridgeMetrics, LOGGER],
    useFactory: (c: BridgeConfig, redis: RedisConnection | null, replies: CommandReplies, m: BridgeMetrics,
      log: Logger) => {
      const policy = new GuardPolicy(c.registry.guards, c.BOARD_TIME_ZONE);
      const metrics = new GuardMetrics(m.registry);
      const guard = new CostGuard({ policy, metrics, log, store: createStore(policy, redis, metrics, log),
        keys: new GuardKeys(c.REDIS_KEY_PREFIX), clock: new DayClock(policy.timeZone) });
      replies.onReply((board, reply) => guard.onReply(board, reply));
      return guard;
    },
  },
];

function createStore(policy: GuardPolicy, redis: RedisConnection | null, metrics: GuardMetrics, log: Logger):
  GuardStore {
  if (!redis) return new MemoryGuardStore();
  if (policy.whenSharedStateDown === 'refuse') return new RedisGuardStore(redis);
  const limited = new RateLimitedLog(log, 30_000);
  return new RedisGuardStore(redis, {
    fallback: new MemoryGuardStore(),
    onDegraded: (err) => {
      metrics.degraded.inc();
      limited.warn('guard-fallback', { err }, 'cost guards: redis unreachable, counting in local memory');
    },
  });
}
