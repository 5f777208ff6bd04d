import { type BoardReply, classifyBoardReply, getCommandSpec, reportOutcome } from '@board-bridge/board-protocol';
import type { ReplyDetails } from './command-replies';
import type { CommandRequest, CommandStatus } from './command-types';

/** A command written to a board whose answer (and maybe later report) is still due. */
export interface PendingCommand {
  request: CommandRequest;
  tid: string;
  /** The TCP session it was written to; null when it went to the board's `/ctrl` API. */
  sessionId: number | null;
  stage: 'reply' | 'report';
  timer?: NodeJS.Timeout;
  /** Epoch ms the command was written (for the answer latency metric); set by track() when absent. */
  sentAt?: number;
}

/** What a board message carries that can settle a command. */
export interface BoardAnswer {
  raw: Record<string, unknown>;
  type: number | null;
  slot: number | null;
  data: Record<string, unknown>;
}

export type Settle = (p: PendingCommand, status: CommandStatus, details: ReplyDetails) => void;

/**
 * board-protocol §6.1: 502 (and the tolerated 501) settle only the sendsms whose tid they echo; a 501
 * without our tid is an ordinary incoming SMS.
 */
const TID_ONLY_REPORTS: ReadonlySet<number> = new Set([501, 502]);

/**
 * Commands in flight on this instance, keyed by board and tid (board-protocol §3.1). Maps the board's
 * immediate answer to `acknowledged`/`failed` and later reports to `completed`/`failed` (bridge-contract
 * §4), with a deadline for each stage.
 */
export class PendingBook {
  private readonly byBoard = new Map<string, Map<string, PendingCommand>>();

  /** `reportTimeoutSec`: per-command overrides of the table's reportTimeoutSec (COMMAND_REPORT_TIMEOUT_SEC). */
  constructor(private readonly settle: Settle, private readonly ackTimeoutMs: number,
    private readonly reportTimeoutSec: Readonly<Record<string, number>> = {}) {}

  get size(): number {
    let n = 0;
    for (const m of this.byBoard.values()) n += m.size;
    return n;
  }

  /** The requestId of the command pending under `tid` on `board`, if any (to name it in report events). */
  requestIdOf(board: string, tid: string): string | undefined {
    return this.byBoard.get(board)?.get(tid)?.request.requestId;
  }

  /** Waits for the immediate answer; `stage: 'report'` skips it (a `/ctrl` call already answered). */
  track(p: PendingCommand): void {
    p.sentAt ??= Date.now();
    let board = this.byBoard.get(p.request.board);
    if (!board) this.byBoard.set(p.request.board, (board = new Map()));
    board.set(p.tid, p);
    if (p.stage === 'reply') this.arm(p, this.ackTimeoutMs, 'no answer from the board in time');
    else this.awaitReport(p);
  }

  /** Every message of a board passes here; replies and reports of pending commands settle them. */
  onBoardMessage(board: string, answer: BoardAnswer): void {
    const pending = this.byBoard.get(board);
    if (!pending?.size) return;
    const reply = classifyBoardReply(answer.raw);
    const byTid = reply ? pending.get(reply.tid) : undefined;
    const isReport = answer.type !== null && TID_ONLY_REPORTS.has(answer.type);
    if (reply && byTid && !isReport) return this.answered(byTid, reply);
    if (answer.type !== null) this.reported(pending, answer);
  }

  /** The session broke: what was written to it will never be answered there (bridge-contract §4). */
  sessionLost(board: string, sessionId: number): void {
    for (const p of [...(this.byBoard.get(board)?.values() ?? [])]) {
      if (p.sessionId === sessionId) this.finish(p, 'failed', { reason: 'session-lost', message: 'the board session closed before the answer' });
    }
  }

  /** Fails everything (shutdown). */
  failAll(message: string): void {
    for (const board of [...this.byBoard.values()]) {
      for (const p of [...board.values()]) this.finish(p, 'failed', { reason: 'session-lost', message });
    }
  }

  private answered(p: PendingCommand, reply: BoardReply): void {
    const details: ReplyDetails = { ...(reply.code === null ? {} : { code: reply.code }),
      ...(reply.message === undefined ? {} : { message: reply.message }),
      ...(Object.keys(reply.data).length ? { data: reply.data } : {}) };
    if (!reply.ok) return this.finish(p, 'failed', { ...details, reason: 'board' });
    if (p.stage === 'report') return;
    // board-protocol §3.1: newer firmware says 401 "received" first and brings a query's data in a 402.
    if (reply.type === 401 && getCommandSpec(p.request.cmd)?.replyData) return;
    if (!expectsReport(p.request.cmd)) return this.finish(p, 'acknowledged', details);
    this.settle(p, 'acknowledged', { ...details, awaitingReport: true });
    this.awaitReport(p);
  }

  private awaitReport(p: PendingCommand): void {
    p.stage = 'report';
    const sec = this.reportTimeoutSec[p.request.cmd] ?? getCommandSpec(p.request.cmd)?.reportTimeoutSec ?? 0;
    this.arm(p, sec * 1000, 'the expected report did not arrive in time');
  }

  private reported(pending: Map<string, PendingCommand>, answer: BoardAnswer): void {
    const type = answer.type as number;
    const tid = classifyTid(answer.raw);
    const p = tid !== undefined && pending.has(tid) ? pending.get(tid)
      : TID_ONLY_REPORTS.has(type) ? undefined : oldestBySlot(pending, type, answer.slot);
    const outcome = p ? reportOutcome(p.request.cmd, type) : null;
    if (p && outcome) this.finish(p, outcome, { data: answer.data, ...(outcome === 'failed' ? { reason: 'board' } : {}) });
  }

  private arm(p: PendingCommand, ms: number, message: string): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => this.finish(p, 'failed', { reason: 'timeout', message }), ms);
    p.timer.unref();
  }

  private finish(p: PendingCommand, status: CommandStatus, details: ReplyDetails): void {
    if (p.timer) clearTimeout(p.timer);
    const board = this.byBoard.get(p.request.board);
    if (board?.get(p.tid) !== p) return;
    board.delete(p.tid);
    if (board.size === 0) this.byBoard.delete(p.request.board);
    this.settle(p, status, details);
  }
}

function expectsReport(cmd: string): boolean {
  const spec = getCommandSpec(cmd);
  return spec !== undefined && spec.reportTimeoutSec !== null
    && spec.reports.completes.length + spec.reports.fails.length > 0;
}

function classifyTid(raw: Record<string, unknown>): string | undefined {
  const tid = Object.prototype.hasOwnProperty.call(raw, 'tid') ? raw.tid : undefined;
  if (typeof tid === 'string' && tid) return tid;
  return typeof tid === 'number' && Number.isSafeInteger(tid) ? String(tid) : undefined;
}

/** 70x and 68x carry no tid (board-protocol §2.2): the oldest command of that kind on that slot. */
function oldestBySlot(pending: Map<string, PendingCommand>, type: number, slot: number | null):
  PendingCommand | undefined {
  for (const p of pending.values()) {
    if (reportOutcome(p.request.cmd, type) === null) continue;
    if (slot === null || p.request.positional[0] === undefined || Number(p.request.positional[0]) === slot) return p;
  }
  return undefined;
}
