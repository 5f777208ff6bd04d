import { getCommandSpec } from '@board-bridge/board-protocol';
import type { Logger } from 'pino';
import { maskNumber, RateLimitedLog } from '../../logging/rate-limited-log';
import type { CommandFailureReason, CommandReply, CommandRequest } from '../command-types';
import type { DayClock } from './day-clock';
import { checkDestination } from './destination-rules';
import { type CounterCheck, counterChecks, type GuardKeys, type GuardTarget } from './guard-counters';
import { RESERVATION_SLACK_SEC } from './guard-defaults';
import type { GuardMetrics } from './guard-metrics';
import type { GuardPolicy } from './guard-policy';
import type { GuardStore } from './guard-store';

export interface CostGuardDeps {
  policy: GuardPolicy;
  store: GuardStore;
  keys: GuardKeys;
  clock: DayClock;
  log: Logger;
  metrics?: GuardMetrics;
  now?: () => number;
}

export type GuardVerdict =
  | { ok: true }
  | { ok: false; status: 'rejected' | 'failed'; reason: CommandFailureReason; message: string;
    data: Record<string, unknown> };

/** Parameters that name where a costly command goes (bridge-contract §4: sendsms `to`, teldial `number`). */
const DESTINATION_PARAMS = ['to', 'number'];
const ALLOWED: GuardVerdict = { ok: true };

/**
 * Refuses costly commands (issue 6; docs/cost-guards.md) whose destination is denied or that would go over
 * a per-board or per-SIM limit; counts the others. A command is counted when accepted for delivery and
 * given back when it ends `expired`, or `failed` as `offline`/`routing-unavailable` without having been
 * `sent` (nothing reached the board, nothing was spent). Once `sent` it counts for good.
 */
export class CostGuard {
  private readonly now: () => number;
  private readonly limitedLog: RateLimitedLog;

  constructor(private readonly d: CostGuardDeps) {
    this.now = d.now ?? Date.now;
    this.limitedLog = new RateLimitedLog(d.log, 60_000);
  }

  /** Checks and counts `request`; never throws (a store failure under `refuse` is a `failed` verdict). */
  async admit(request: CommandRequest): Promise<GuardVerdict> {
    const { policy } = this.d;
    if (!policy.guards(request.cmd)) return ALLOWED;
    const board = policy.forBoard(request.board);
    if (!board.enabled) return ALLOWED;
    const { target, destination } = readTarget(request);
    if (destination !== undefined) {
      const verdict = checkDestination(destination, board.destinations);
      if (!verdict.ok) return this.refuse(request, destination, destinationRefusal(verdict.rule, verdict.pattern));
    }
    const now = this.now();
    const checks = counterChecks(target, board.limits(request.cmd), now, this.d.clock, this.d.keys);
    if (checks.length === 0) return ALLOWED;
    const slot = { key: this.d.keys.reservation(request.board, request.requestId),
      ttlMs: (request.ttlSec + RESERVATION_SLACK_SEC) * 1000 };
    try {
      const result = await this.d.store.reserve(checks, slot);
      return result.ok ? ALLOWED : this.refuse(request, destination, limitRefusal(request, target, result.failed, now));
    } catch (err) {
      this.d.log.warn({ err, board: request.board, cmd: request.cmd }, 'cost guard store unreachable: command refused');
      return { ok: false, status: 'failed', reason: 'routing-unavailable', data: {},
        message: `the guards' shared counters are unreachable: ${(err as Error).message}` };
    }
  }

  /** Follows every reply this instance publishes: `sent` spends a reservation, an undelivered end refunds it. */
  onReply(board: string, reply: CommandReply): void {
    if (!this.d.policy.guards(reply.cmd)) return;
    const key = this.d.keys.reservation(board, reply.requestId);
    if (reply.status === 'sent') {
      void this.d.store.settle(key).catch(() => undefined);
    } else if (neverDelivered(reply)) {
      void this.d.store.refund(key).then((refunded) => {
        if (refunded) this.d.metrics?.refunds.inc({ cmd: reply.cmd });
      }).catch((err: Error) => this.d.log.warn({ err, board, cmd: reply.cmd }, 'cost guard refund failed'));
    }
  }

  private refuse(request: CommandRequest, destination: string | undefined, r: Refusal): GuardVerdict {
    this.d.metrics?.refusals.inc({ cmd: request.cmd, reason: r.reason, rule: r.rule });
    this.limitedLog.warn(`${request.board}:${r.rule}`, { board: request.board, cmd: request.cmd,
      requestId: request.requestId, reason: r.reason, rule: r.rule,
      ...(destination === undefined ? {} : { to: maskNumber(destination) }) }, 'costly command refused');
    return { ok: false, status: 'rejected', reason: r.reason, message: r.message, data: { rule: r.rule, ...r.data } };
  }
}

interface Refusal {
  reason: CommandFailureReason;
  rule: string;
  message: string;
  data: Record<string, unknown>;
}

/** The SIM slot and destination from the validated positional parameters, by the table's names. */
function readTarget(request: CommandRequest): { target: GuardTarget; destination?: string } {
  const params = getCommandSpec(request.cmd)?.params ?? [];
  const at = (names: string[]) => {
    const i = params.findIndex((p) => names.includes(p.name));
    return i >= 0 ? request.positional[i] : undefined;
  };
  const slot = at(['slot']);
  const destination = at(DESTINATION_PARAMS);
  return {
    target: { board: request.board, cmd: request.cmd, ...(slot === undefined ? {} : { slot: Number(slot) }) },
    ...(destination === undefined ? {} : { destination: String(destination) }),
  };
}

/** Statuses that prove the board never got the command (command-router: queue expiry, ttl 0, no Redis). */
function neverDelivered(reply: CommandReply): boolean {
  return reply.status === 'expired'
    || (reply.status === 'failed' && (reply.reason === 'offline' || reply.reason === 'routing-unavailable'));
}

function destinationRefusal(rule: 'deny' | 'premium' | 'not-in-allowlist', pattern?: string): Refusal {
  const message = rule === 'deny' ? `the destination matches the denied pattern ${pattern}`
    : rule === 'premium' ? `the destination is a premium-rate, SP, international or service-code number (pattern `
      + `${pattern}); list it in guards.destinations.premiumExceptions to allow it`
      : 'the destination is not in the allowed destinations (guards.destinations.allow)';
  return { reason: 'destination-denied', rule, message, data: pattern === undefined ? {} : { pattern } };
}

function limitRefusal(request: CommandRequest, t: GuardTarget, c: CounterCheck, now: number): Refusal {
  const who = c.scope === 'sim' ? `SIM ${t.slot} of this board` : 'this board';
  const resetsAt = new Date(c.resetsAt).toISOString();
  const retryAfterSec = Math.max(1, Math.ceil((c.resetsAt - now) / 1000));
  const data = { scope: c.scope, ...(c.scope === 'sim' ? { slot: t.slot } : {}), window: c.window, limit: c.max,
    resetsAt, retryAfterSec };
  if (c.window === 'day') {
    return { reason: 'budget-exhausted', rule: `${c.scope}-day`, data,
      message: `the daily budget of ${c.max} ${request.cmd} for ${who} is used up; it starts again at ${resetsAt}` };
  }
  return { reason: 'rate-limited', rule: `${c.scope}-${c.window}`, data,
    message: `at most ${c.max} ${request.cmd} per ${c.window} for ${who}; retry in ${retryAfterSec} s` };
}
