import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { getCommandSpec } from '@board-bridge/board-protocol';
import { BoardDirectory } from '../boards/board-directory';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { LOGGER } from '../core/tokens';
import { CtrlClient, ctrlTarget } from '../ctrl';
import { DEDUP_STORE, type DedupStore } from '../ingest/dedup-store';
import { Ingest } from '../ingest/ingest';
import { Publisher } from '../ingest/publisher';
import { BridgeMetrics } from '../metrics/bridge-metrics';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { CommandRouter } from '../routing/command-router';
import {
  COMMAND_QUEUE, type CommandQueue, INSTANCE_CHANNEL, INSTANCE_REGISTRY, type InstanceChannel, type InstanceRegistry,
  SESSION_OWNERSHIP, SHARED_STATE_STATUS, type SessionOwnership, type SharedStateStatus,
} from '../routing/routing-ports';
import type { BoardSession } from '../tcp/board-session';
import { SessionRegistry } from '../tcp/session-registry';
import { TcpModule } from '../tcp/tcp.module';
import { CommandExecutor } from './command-executor';
import { CommandIntake } from './command-intake';
import { CommandReplies } from './command-replies';
import { Downlink } from './downlink';
import { CostGuard } from './guards/cost-guard';
import { COST_GUARD_PROVIDERS } from './guards/cost-guard.providers';
import { PendingBook } from './pending-book';
import { TidSource } from './tid-source';

/** Closes the /ctrl connection pools when the app stops. */
class ClosingCtrlClient extends CtrlClient implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

/** MQTT and HTTP commands to boards (bridge-contract §4), across instances through the shared-state ports. */
@Global()
@Module({
  imports: [TcpModule],
  providers: [
    {
      provide: CommandReplies, inject: [Publisher, TopicScheme, BRIDGE_CONFIG, BridgeMetrics],
      useFactory: (p: Publisher, t: TopicScheme, c: BridgeConfig, m: BridgeMetrics) => {
        const replies = new CommandReplies(p, t, c.BRIDGE_INSTANCE_ID);
        // Command names from the table only: anything else is `other`, so labels stay bounded.
        replies.onReply((_board, r) => r.final && m.commands.inc({ cmd: getCommandSpec(r.cmd) ? r.cmd : 'other',
          status: r.status, reason: r.reason ?? '' }));
        return replies;
      },
    },
    {
      provide: PendingBook, inject: [CommandReplies, BRIDGE_CONFIG, BridgeMetrics],
      useFactory: (replies: CommandReplies, c: BridgeConfig, m: BridgeMetrics) => new PendingBook((p, status, details) => {
        if (p.stage === 'reply' && p.sentAt !== undefined && status !== 'failed') {
          m.commandLatency.observe({ stage: 'answered' }, (Date.now() - p.sentAt) / 1000);
        }
        replies.publish(p.request, status, details);
      }, c.COMMAND_ACK_TIMEOUT_SEC * 1000, c.COMMAND_REPORT_TIMEOUT_SEC),
    },
    { provide: CtrlClient, inject: [BRIDGE_CONFIG], useFactory: (c: BridgeConfig) => new ClosingCtrlClient({ timeoutMs: c.CTRL_TIMEOUT_MS }) },
    {
      provide: CommandExecutor, inject: [CommandReplies, PendingBook, CtrlClient, BridgeMetrics],
      useFactory: (r: CommandReplies, p: PendingBook, ctrl: CtrlClient, m: BridgeMetrics) => new CommandExecutor(r, p,
        new TidSource(), ctrl, (seconds) => m.commandLatency.observe({ stage: 'written' }, seconds)),
    },
    {
      provide: CommandRouter,
      inject: [BRIDGE_CONFIG, SessionRegistry, BoardDirectory, SESSION_OWNERSHIP, COMMAND_QUEUE, INSTANCE_CHANNEL,
        CommandExecutor, CommandReplies, PendingBook, LOGGER],
      useFactory: (c: BridgeConfig, sessions: SessionRegistry<BoardSession>, boards: BoardDirectory,
        ownership: SessionOwnership, queue: CommandQueue, channel: InstanceChannel, executor: CommandExecutor,
        replies: CommandReplies, pending: PendingBook, log: Logger) => new CommandRouter({
        instance: c.BRIDGE_INSTANCE_ID, ownership, queue, channel, executor, replies, pending, log,
        handoffMs: c.COMMAND_HANDOFF_SEC * 1000,
        localSession: (board) => sessions.get(board),
        ctrlTarget: (board) => {
          const ctrl = boards.profile(board).ctrl;
          return ctrl ? ctrlTarget(ctrl) : undefined;
        },
      }),
    },
    {
      provide: CommandIntake,
      inject: [MQTT_GATEWAY, TopicScheme, CommandRouter, CommandReplies, BoardDirectory, DEDUP_STORE, BRIDGE_CONFIG, LOGGER,
        CostGuard],
      useFactory: (gateway: MqttGateway, topics: TopicScheme, router: CommandRouter, replies: CommandReplies,
        boards: BoardDirectory, dedup: DedupStore, c: BridgeConfig, log: Logger, guard: CostGuard) => new CommandIntake({
        gateway, topics, router, replies, boards, dedup, log, guard, dedupWindowSec: c.DEDUP_WINDOW_SEC,
        defaults: { ttlSec: c.COMMAND_TTL_SEC },
      }),
    },
    {
      provide: Downlink,
      inject: [CommandRouter, CommandIntake, PendingBook, SessionRegistry, Ingest, INSTANCE_REGISTRY, SHARED_STATE_STATUS, LOGGER],
      useFactory: (router: CommandRouter, intake: CommandIntake, pending: PendingBook,
        sessions: SessionRegistry<BoardSession>, ingest: Ingest, instances: InstanceRegistry, status: SharedStateStatus,
        log: Logger) => new Downlink({ router, intake, pending, sessions, ingest, instances, log, sweepMs: 1000,
        onSharedStateReconnect: (l) => void status.onReconnect(l) }),
    },
    ...COST_GUARD_PROVIDERS,
  ],
  exports: [CommandIntake, CommandReplies, CommandRouter, Downlink],
})
export class CommandsModule {}
