import { getCommandSpec, toTcpCommand } from '@board-bridge/board-protocol';
import type { CommandReplies } from './command-replies';
import type { CommandRequest } from './command-types';
import type { DownlinkSession } from './downlink-session';
import type { PendingBook } from './pending-book';
import type { TidSource } from './tid-source';

/** A board's LAN control API (board-protocol §1.5), as the ctrl module provides it. */
export interface CtrlTarget {
  url: string;
  token: string;
}

export interface CtrlAnswer {
  ok: boolean;
  code: number | null;
  message?: string;
  data: Record<string, unknown>;
}

export interface CtrlSender {
  send(target: CtrlTarget, cmd: { cmd: string; positional: (string | number)[] }, tid?: string): Promise<CtrlAnswer>;
}

/**
 * Writes a command to the board, on this instance, and starts its lifecycle: `sent`, then the pending
 * book waits for the answer; commands without one (`restart`, `now`) are `completed` once written
 * (bridge-contract §4).
 */
export class CommandExecutor {
  /** `written`: told the seconds from acceptance to the write, for the latency metric. */
  constructor(private readonly replies: CommandReplies, private readonly pending: PendingBook,
    private readonly tids: TidSource, private readonly ctrl?: CtrlSender,
    private readonly written?: (seconds: number) => void) {}

  /** False when the session could not take the frame: the caller decides where the command goes next. */
  writeTcp(request: CommandRequest, session: DownlinkSession): boolean {
    const spec = getCommandSpec(request.cmd);
    const answers = spec?.reply !== false;
    // §3.1: without a tid the board reports nothing; restart/now answer nothing anyway (now needs one).
    const tid = answers || spec?.tid === 'required' ? this.tids.next() : undefined;
    const frame = toTcpCommand({ cmd: request.cmd, known: spec !== undefined, positional: request.positional, named: {} },
      tid);
    if (!session.isOpen || !session.send(frame)) return false;
    this.written?.((Date.now() - request.acceptedAt) / 1000);
    this.replies.publish(request, 'sent', tid === undefined ? {} : { data: { tid } });
    if (!answers || tid === undefined) this.replies.publish(request, 'completed', {});
    else this.pending.track({ request, tid, sessionId: session.id, stage: 'reply' });
    return true;
  }

  /** board-protocol §1.5: the HTTP answer drives the same lifecycle as a TCP reply. */
  async sendCtrl(request: CommandRequest, target: CtrlTarget): Promise<void> {
    if (!this.ctrl) throw new Error('no /ctrl client configured');
    const tid = this.tids.next();
    this.replies.publish(request, 'sent', { data: { tid, via: 'ctrl' } });
    let answer: CtrlAnswer;
    try {
      answer = await this.ctrl.send(target, { cmd: request.cmd, positional: request.positional }, tid);
    } catch (err) {
      const retryable = (err as { retryable?: boolean }).retryable === true;
      this.replies.publish(request, 'failed', { reason: retryable ? 'ctrl-unreachable' : 'board',
        message: (err as Error).message });
      return;
    }
    this.settleCtrl(request, tid, answer);
  }

  private settleCtrl(request: CommandRequest, tid: string, answer: CtrlAnswer): void {
    const details = { ...(answer.code === null ? {} : { code: answer.code }),
      ...(answer.message === undefined ? {} : { message: answer.message }),
      ...(Object.keys(answer.data).length ? { data: answer.data } : {}) };
    if (!answer.ok) return void this.replies.publish(request, 'failed', { ...details, reason: 'board' });
    const spec = getCommandSpec(request.cmd);
    if (spec?.reply === false) return void this.replies.publish(request, 'completed', details);
    const reports = spec && spec.reportTimeoutSec !== null && spec.reports.completes.length + spec.reports.fails.length;
    if (!reports) return void this.replies.publish(request, 'acknowledged', details);
    // The report comes as an ordinary upload (an HTTP board pushes 502/70x to us): wait for it by tid/slot.
    this.replies.publish(request, 'acknowledged', { ...details, awaitingReport: true });
    this.pending.track({ request, tid, sessionId: null, stage: 'report' });
  }
}
