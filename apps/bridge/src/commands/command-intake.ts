import type { Logger } from 'pino';
import type { BoardDirectory } from '../boards/board-directory';
import type { DedupStore } from '../ingest/dedup-store';
import type { InboundMqttMessage, MqttGateway } from '../mqtt/mqtt-gateway';
import { isValidPublishTopic, type TopicScheme } from '../mqtt/topics';
import type { CommandRouter } from '../routing/command-router';
import { type CommandDefaults, type CommandInput, parseCommand, type ParsedCommand } from './command-input';
import type { CommandReplies } from './command-replies';
import type { CommandRequest, ReplyAddress } from './command-types';
import type { CostGuard, GuardVerdict } from './guards/cost-guard';

export interface CommandIntakeDeps {
  gateway: MqttGateway;
  topics: TopicScheme;
  router: CommandRouter;
  replies: CommandReplies;
  boards: BoardDirectory;
  /** Remembers explicit requestIds, so an MQTT redelivery (QoS 1 DUP) is not written twice. */
  dedup: DedupStore;
  dedupWindowSec: number;
  defaults: CommandDefaults;
  log: Logger;
  /** Limits and destination rules of commands that cost money (docs/cost-guards.md). */
  guard?: CostGuard;
}

/**
 * Where commands enter (bridge-contract §4): `{base}/{id}/command/{cmd}` publications, taken so that
 * exactly one instance handles each (shared subscription / local-origin only), and the HTTP API.
 */
export class CommandIntake {
  constructor(private readonly d: CommandIntakeDeps) {}

  start(): Promise<void> {
    return this.d.gateway.subscribeShared(this.d.topics.commandFilter(), (msg) => void this.fromMqtt(msg));
  }

  /**
   * Validates, publishes `rejected` or routes; resolves once the command has been handed on.
   * `accepted` runs before routing starts, so a waiter for the replies misses none of them.
   */
  async submit(input: CommandInput, accepted?: (requestId: string) => void): Promise<ParsedCommand> {
    const parsed = parseCommand(input, this.d.defaults);
    if (!parsed.ok) {
      const { rejection: r } = parsed;
      this.d.replies.publish({ requestId: r.requestId, board: input.board, cmd: input.cmd,
        ...(input.replyTo ? { replyTo: input.replyTo } : {}) }, 'rejected',
      { reason: r.reason, message: r.message, ...(r.data ? { data: r.data } : {}) });
      return parsed;
    }
    const { request } = parsed;
    if (!this.d.boards.allowed(request.board)) {
      this.d.replies.publish(request, 'rejected', { reason: 'not-allowed', message: 'the board is not in the allowlist' });
      return parsed;
    }
    if (parsed.explicitId && !(await this.firstTime(input, request.requestId))) return parsed;
    // After dedup, so an MQTT redelivery is not counted twice; before routing, so a refusal sends nothing.
    const verdict = this.d.guard ? await this.d.guard.admit(request) : undefined;
    if (verdict && !verdict.ok) return this.refuse(request, parsed.explicitId, verdict);
    accepted?.(request.requestId);
    await this.d.router.submit(request);
    return parsed;
  }

  /** A guard refused: reply, and forget the requestId so the caller may retry it once the limit allows. */
  private async refuse(request: CommandRequest, explicitId: boolean, v: Exclude<GuardVerdict, { ok: true }>):
    Promise<ParsedCommand> {
    this.d.replies.publish(request, v.status, { reason: v.reason, message: v.message, data: v.data });
    if (explicitId) await this.d.dedup.forget(`req:${request.board}:${request.requestId}`).catch(() => undefined);
    return { ok: false, rejection: { requestId: request.requestId, cmd: request.cmd, reason: v.reason,
      message: v.message, data: v.data } };
  }

  private async fromMqtt(msg: InboundMqttMessage): Promise<void> {
    const parts = this.d.topics.parseCommandTopic(msg.topic);
    if (!parts) return;
    try {
      await this.submit({ board: parts.board, cmd: parts.cmd, payload: msg.payload, origin: 'mqtt',
        retained: msg.retain, now: Date.now(), ...replyAddress(msg) });
    } catch (err) {
      this.d.log.error({ err, board: parts.board, cmd: parts.cmd }, 'command intake failed');
    }
  }

  /** Only caller-chosen requestIds are remembered (generated ones are unique already). */
  private async firstTime(input: CommandInput, requestId: string): Promise<boolean> {
    if (this.d.dedupWindowSec === 0) return true;
    const first = await this.d.dedup.firstSeen(`req:${input.board}:${requestId}`, this.d.dedupWindowSec)
      .catch(() => true);
    if (!first) this.d.log.info({ board: input.board, cmd: input.cmd, requestId }, 'repeated command requestId ignored');
    return first;
  }
}

/** MQTT 5 Response Topic + Correlation Data (bridge-contract §4); an unusable topic is ignored. */
function replyAddress(msg: InboundMqttMessage): { replyTo?: ReplyAddress } {
  if (!msg.responseTopic || !isValidPublishTopic(msg.responseTopic)) return {};
  return { replyTo: { topic: msg.responseTopic,
    ...(msg.correlationData ? { correlationData: msg.correlationData.toString('base64') } : {}) } };
}
