import {
  type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiTokenGuard } from '../api/api-token.guard';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { Ingest } from '../ingest/ingest';
import { RateLimitedLog } from '../logging/rate-limited-log';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { RedisConnection } from '../redis/redis-connection';
import { ForwardingController } from './forwarding.controller';
import { ForwardingMetrics } from './forwarding-metrics';
import { ForwardingService } from './forwarding-service';
import { resolveRules } from './rules';
import { ForwardingKeys } from './store/forwarding-keys';
import type { LaneStore } from './store/lane-store';
import { MemoryLaneStore } from './store/memory-lane-store';
import { RedisLaneStore } from './store/redis-lane-store';

/** Share of SHUTDOWN_TIMEOUT_MS for requests on the wire; the rest is the bridge lifecycle's (spool drain). */
const DRAIN_SHARE = 0.4;
const REDIS_BOOT_WAIT_MS = 5_000;

async function createForwarding(c: BridgeConfig, log: Logger, boards: BoardDirectory, m: BridgeMetrics): Promise<ForwardingService> {
  const rules = resolveRules(c.registry.forwarding);
  const store = rules.length && c.REDIS_URL ? await redisStore(c, c.REDIS_URL, log)
    : new MemoryLaneStore(c.FORWARD_QUEUE_MAX, c.FORWARD_DEAD_LETTER_MAX);
  return new ForwardingService({ rules, store, boards, metrics: new ForwardingMetrics(m.registry), log,
    window: c.FORWARD_WINDOW, pollMs: c.FORWARD_POLL_MS, leaseMs: c.FORWARD_LEASE_MS, queueMax: c.FORWARD_QUEUE_MAX });
}

/** Its own connection: lane reads must not queue behind the session-ownership scripts. */
async function redisStore(c: BridgeConfig, url: string, log: Logger): Promise<LaneStore> {
  const limited = new RateLimitedLog(log, 30_000);
  const redis = new RedisConnection({ url, connectionName: `board-bridge:${c.BRIDGE_INSTANCE_ID}:forwarding`,
    onError: (err) => limited.warn('redis', { err }, 'forwarding: redis error') });
  if (!(await redis.waitReady(REDIS_BOOT_WAIT_MS))) log.warn('forwarding: redis not reachable yet; forwards wait until it is');
  return new RedisLaneStore(redis, { keys: new ForwardingKeys(c.REDIS_KEY_PREFIX, redis.cluster), instance: c.BRIDGE_INSTANCE_ID,
    leaseMs: c.FORWARD_LEASE_MS, deadCapacity: c.FORWARD_DEAD_LETTER_MAX });
}

/**
 * Forwarding of board events to HTTP receivers and chat bots (docs/forwarding.md): fed by ingest,
 * workers started once the app is up, stopped (in-flight requests drained) on shutdown.
 */
@Module({
  controllers: [ForwardingController],
  providers: [
    ApiTokenGuard,
    { provide: ForwardingService, inject: [BRIDGE_CONFIG, LOGGER, BoardDirectory, BridgeMetrics], useFactory: createForwarding },
  ],
})
export class ForwardingModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private unsubscribe?: () => void;

  constructor(private readonly forwarding: ForwardingService, private readonly ingest: Ingest,
    @Inject(BRIDGE_CONFIG) private readonly config: BridgeConfig) {}

  onModuleInit(): void {
    if (this.forwarding.enabled) this.unsubscribe = this.ingest.onMessage((o) => this.forwarding.onMessage(o));
  }

  onApplicationBootstrap(): void {
    this.forwarding.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.forwarding.stop(this.config.SHUTDOWN_TIMEOUT_MS * DRAIN_SHARE);
  }

  /** After every module's beforeApplicationShutdown: the last events from boards have been queued by now. */
  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.forwarding.close(500);
  }
}
