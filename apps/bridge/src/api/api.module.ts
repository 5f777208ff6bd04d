import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CommandReplies } from '../commands/command-replies';
import type { CommandReply } from '../commands/command-types';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { MQTT_GATEWAY, type MqttGateway } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { ApiTokenGuard } from './api-token.guard';
import { BoardView } from './board-view';
import { BoardsController } from './boards.controller';
import { ReplyWaiters } from './reply-waiters';

/** The operator HTTP API (bridge-contract §5); present only with API_TOKEN or API_READONLY_TOKEN set. */
@Module({
  controllers: [BoardsController],
  providers: [
    ApiTokenGuard, ReplyWaiters,
    { provide: BoardView, inject: [MQTT_GATEWAY, TopicScheme], useFactory: (g: MqttGateway, t: TopicScheme) => new BoardView(g, t) },
  ],
})
export class ApiModule implements OnModuleInit {
  constructor(@Inject(BRIDGE_CONFIG) private readonly config: BridgeConfig, @Inject(MQTT_GATEWAY) private readonly gateway: MqttGateway,
    private readonly topics: TopicScheme, private readonly view: BoardView, private readonly waiters: ReplyWaiters,
    private readonly replies: CommandReplies) {}

  /** Subscriptions are registered before the broker starts; the gateway applies them on start. */
  async onModuleInit(): Promise<void> {
    if (!this.config.API_TOKEN && !this.config.API_READONLY_TOKEN) return;
    await this.view.start();
    this.replies.onReply((_board, reply) => this.waiters.offer(reply));
    // Replies published by the instance holding the board, which may not be this one (bridge-contract §4).
    await this.gateway.subscribe(`${this.topics.base}/+/command/+/reply`, (msg) => {
      try {
        this.waiters.offer(JSON.parse(msg.payload.toString()) as CommandReply);
      } catch { /* not a reply of ours */ }
    });
  }
}
