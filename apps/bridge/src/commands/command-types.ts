/**
 * The shapes of the command lifecycle (bridge-contract §4). Everything here is plain data, JSON-safe,
 * because a request may cross to another instance through Redis before it reaches the board.
 */

export type CommandStatus = 'rejected' | 'queued' | 'sent' | 'acknowledged' | 'completed' | 'failed' | 'expired';

/** Why a command failed or was rejected, for callers that branch on it (the `reason` field of a reply). */
export type CommandFailureReason =
  | 'invalid' | 'retained' | 'not-allowed' | 'duplicate'
  | 'board' | 'timeout' | 'session-lost' | 'offline' | 'routing-unavailable' | 'ctrl-unreachable'
  /** Cost guards (docs/cost-guards.md): a rate limit, a daily budget or a destination rule refused it. */
  | 'rate-limited' | 'budget-exhausted' | 'destination-denied';

/** Where an MQTT 5 request wants its replies as well (Response Topic + Correlation Data). */
export interface ReplyAddress {
  topic: string;
  /** Correlation Data, base64, so the request stays JSON-serialisable. */
  correlationData?: string;
}

/** One validated command on its way to a board. */
export interface CommandRequest {
  requestId: string;
  board: string;
  cmd: string;
  /** p1..pN as they go on the wire (the protocol library's ValidatedCommand.positional). */
  positional: (string | number)[];
  /** Seconds the command may wait for an offline board; 0 = fail at once with reason `offline`. */
  ttlSec: number;
  /** When the bridge accepted it (epoch ms); TTLs count from here. */
  acceptedAt: number;
  origin: 'mqtt' | 'http';
  replyTo?: ReplyAddress;
}

/** One step of a command's life, published on `{base}/{id}/command/{cmd}/reply` (bridge-contract §4). */
export interface CommandReply {
  requestId: string;
  cmd: string;
  status: CommandStatus;
  final: boolean;
  code?: number;
  message?: string;
  reason?: CommandFailureReason;
  data?: Record<string, unknown>;
  instance: string;
  at: string;
}
