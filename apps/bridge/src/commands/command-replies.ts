import type { Publication } from '../ingest/publication';
import type { Publisher } from '../ingest/publisher';
import type { TopicScheme } from '../mqtt/topics';
import type { CommandFailureReason, CommandReply, CommandStatus, ReplyAddress } from './command-types';

/** What a reply needs to know about its command; a rejected input has no full request. */
export interface ReplyTarget {
  requestId: string;
  board: string;
  cmd: string;
  replyTo?: ReplyAddress;
}

export interface ReplyDetails {
  code?: number;
  message?: string;
  reason?: CommandFailureReason;
  data?: Record<string, unknown>;
  /** For `acknowledged`: a later report is still expected, so the reply is not final. */
  awaitingReport?: boolean;
}

const ALWAYS_FINAL: ReadonlySet<CommandStatus> = new Set(['rejected', 'completed', 'failed', 'expired']);

/** The reply payload of bridge-contract §4. Pure. */
export function buildReply(t: ReplyTarget, status: CommandStatus, d: ReplyDetails, instance: string, at: Date):
  CommandReply {
  const final = ALWAYS_FINAL.has(status) || (status === 'acknowledged' && !d.awaitingReport);
  const reply: CommandReply = { requestId: t.requestId, cmd: t.cmd, status, final, instance, at: at.toISOString() };
  if (d.code !== undefined) reply.code = d.code;
  if (d.message !== undefined) reply.message = d.message;
  if (d.reason !== undefined) reply.reason = d.reason;
  if (d.data !== undefined) reply.data = d.data;
  return reply;
}

/**
 * Publishes each step of a command's life on `{base}/{id}/command/{cmd}/reply`, and on the MQTT 5
 * Response Topic with its Correlation Data when the request had one (bridge-contract §4). Replies go
 * through the spool like events, so they keep their order and survive a broker outage.
 */
export class CommandReplies {
  private readonly listeners = new Set<(board: string, reply: CommandReply) => void>();

  constructor(private readonly publisher: Publisher, private readonly topics: TopicScheme,
    private readonly instance: string) {}

  /** Local observers of every reply this instance publishes (metrics, the HTTP API's waiters). */
  onReply(listener: (board: string, reply: CommandReply) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(t: ReplyTarget, status: CommandStatus, details: ReplyDetails = {}): CommandReply {
    return this.send(t, status, details).reply;
  }

  /**
   * publish(), resolving once the broker has accepted the reply (or it is spooled while the broker is away).
   * For a step that another instance may follow at once (`queued`): awaited before the command is handed
   * on, so that instance's `sent` cannot reach subscribers before it.
   */
  async publishAccepted(t: ReplyTarget, status: CommandStatus, details: ReplyDetails = {}): Promise<CommandReply> {
    const { reply, accepted } = this.send(t, status, details);
    await accepted;
    return reply;
  }

  private send(t: ReplyTarget, status: CommandStatus, details: ReplyDetails):
    { reply: CommandReply; accepted: Promise<void> } {
    const reply = buildReply(t, status, details, this.instance, new Date());
    const payload = JSON.stringify(reply);
    const pubs: Publication[] = [{ topic: this.topics.commandReply(t.board, t.cmd), payload, qos: 1, retain: false,
      board: t.board }];
    if (t.replyTo) {
      const correlationData = t.replyTo.correlationData === undefined ? undefined
        : Buffer.from(t.replyTo.correlationData, 'base64');
      pubs.push({ topic: t.replyTo.topic, payload, qos: 1, retain: false, board: t.board,
        ...(correlationData ? { properties: { correlationData } } : {}) });
    }
    // Overflow allowed: a reply describes something that already happened and must not be lost.
    const accepted = this.publisher.enqueue(pubs, true).catch(() => undefined);
    for (const l of this.listeners) l(t.board, reply);
    return { reply, accepted };
  }
}
