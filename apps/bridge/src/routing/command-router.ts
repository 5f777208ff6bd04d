import type { Logger } from 'pino';
import type { CommandExecutor, CtrlTarget } from '../commands/command-executor';
import type { CommandReplies } from '../commands/command-replies';
import type { CommandRequest } from '../commands/command-types';
import type { DownlinkSession } from '../commands/downlink-session';
import type { PendingBook } from '../commands/pending-book';
import type { CommandQueue, ControlMessage, InstanceChannel, QueuedCommand, SessionOwner, SessionOwnership }
  from './routing-ports';
import { SerialQueues } from './serial-queues';

export interface CommandRouterDeps {
  instance: string;
  /** The board's open TCP session on this instance, if any. */
  localSession(board: string): DownlinkSession | undefined;
  /** The board's LAN `/ctrl` API from the registry (board-protocol §1.5), if configured. */
  ctrlTarget(board: string): CtrlTarget | undefined;
  ownership: SessionOwnership;
  queue: CommandQueue;
  channel: InstanceChannel;
  executor: CommandExecutor;
  replies: CommandReplies;
  pending: PendingBook;
  /** How long a command handed to another instance may wait there (COMMAND_HANDOFF_SEC). */
  handoffMs: number;
  log: Logger;
}

/**
 * Gets each command to the one place that may write it (bridge-contract §4, §6): the local session when
 * this instance holds the board (fenced by its ownership epoch), the owning instance through the shared
 * queue and a wake-up, the board's `/ctrl` API, or the offline queue until the board comes back.
 * Per board, commands are handled one at a time, in the order they arrived.
 */
export class CommandRouter {
  private readonly serial = new SerialQueues();
  private readonly claims = new Map<number, Promise<void>>();

  constructor(private readonly d: CommandRouterDeps) {
    d.channel.onMessage((msg) => this.onControl(msg));
  }

  /** Never throws: every outcome is a reply on the command's reply topic. */
  submit(request: CommandRequest): Promise<void> {
    return this.serial.run(request.board, () => this.route(request)).catch((err: Error) => {
      this.d.log.error({ err, board: request.board, cmd: request.cmd }, 'command routing failed');
      this.d.replies.publish(request, 'failed', { reason: 'routing-unavailable', message: err.message });
    });
  }

  /** A board's session is up here: claim it everywhere, then deliver what waited for it, in order. */
  sessionUp(session: DownlinkSession): Promise<void> {
    const claimed = this.claim(session);
    this.claims.set(session.id, claimed);
    // The board's turn is taken now, not once claimed: what waited for the session goes before a command
    // submitted while the claim is in flight (that one waits for the claim in fenced() either way).
    return this.serial.run(session.devId as string, () => claimed.then(() => this.drain(session)))
      .finally(() => this.claims.delete(session.id));
  }

  /** The session ended; `current` when it was still the board's session on this instance. */
  async sessionDown(session: DownlinkSession, current: boolean): Promise<void> {
    const board = session.devId as string;
    this.d.pending.sessionLost(board, session.id);
    await this.claims.get(session.id)?.catch(() => undefined);
    if (!current || session.epoch === undefined) return;
    await this.d.ownership.release(board, session.epoch).catch((err: Error) =>
      this.d.log.warn({ err, board }, 'ownership not released; its lease will expire'));
  }

  /** A ping came in (board-protocol §1.4): extend the lease, or find out the board moved. */
  async renew(session: DownlinkSession): Promise<void> {
    const board = session.devId as string;
    if (this.claims.has(session.id)) return;
    if (session.epoch === undefined) return this.sessionUp(session);
    try {
      if (await this.d.ownership.renew(board, session.epoch)) return;
      const owner = await this.d.ownership.owner(board);
      if (owner && this.isNewer(owner, session.epoch)) return session.close('taken-over');
      // The lease lapsed (e.g. Redis was away) but nobody else holds the board: claim it again.
      await this.sessionUp(session);
    } catch (err) {
      this.d.log.warn({ err, board }, 'ownership lease not renewed');
    }
  }

  /** Redis came back: the records may be gone, so every live session claims its board again. */
  reclaim(sessions: Iterable<DownlinkSession>): Promise<void[]> {
    return Promise.all([...sessions].map((s) => this.sessionUp(s)));
  }

  /** Settles what outlived its deadline; each item is returned to exactly one instance. */
  async sweep(now = Date.now()): Promise<void> {
    for (const item of await this.d.queue.takeExpired(now)) this.expire(item);
  }

  private async route(request: CommandRequest): Promise<void> {
    const { board } = request;
    const session = this.d.localSession(board);
    if (session && (await this.fenced(session)) && this.d.executor.writeTcp(request, session)) return;
    const ctrl = this.d.ctrlTarget(board);
    let owner: SessionOwner | null;
    try {
      owner = await this.d.ownership.owner(board);
    } catch (err) {
      if (ctrl) return this.d.executor.sendCtrl(request, ctrl);
      return this.unavailable(request, err);
    }
    if (owner && owner.instance !== this.d.instance) return this.handoff(request, owner.instance);
    if (ctrl) return this.d.executor.sendCtrl(request, ctrl);
    return this.queueOffline(request);
  }

  /**
   * The write fence (bridge-contract §4): only the session holding the board's current epoch may write.
   * While Redis is unreachable the local session keeps working (bridge-contract §6 "sessions keep working").
   */
  private async fenced(session: DownlinkSession): Promise<boolean> {
    await this.claims.get(session.id)?.catch(() => undefined);
    if (session.epoch === undefined) return true;
    try {
      if (await this.d.ownership.isCurrent(session.devId as string, session.epoch)) return true;
    } catch {
      return true;
    }
    session.close('taken-over');
    return false;
  }

  private async handoff(request: CommandRequest, instance: string): Promise<void> {
    const deadline = Date.now() + Math.max(request.ttlSec * 1000, this.d.handoffMs);
    try {
      await this.d.queue.push({ request, deadline, kind: 'handoff' });
      await this.d.channel.send(instance, { type: 'wake', board: request.board });
    } catch (err) {
      return this.unavailable(request, err);
    }
    // The board may have moved between the owner lookup and the push, its new holder already drained
    // the queue: wake whoever holds it now, or the command waits for the board's next reconnect.
    await this.wakeOwner(request.board, instance);
  }

  private async queueOffline(request: CommandRequest): Promise<void> {
    if (request.ttlSec === 0) {
      this.d.replies.publish(request, 'failed', { reason: 'offline', message: 'the board is offline and the ttl is 0' });
      return;
    }
    // `queued` first, and taken by the broker before the push: once pushed, another instance may deliver it
    // at once, and its `sent` (on its own broker connection) must not reach subscribers before `queued`.
    await this.d.replies.publishAccepted(request, 'queued', { data: { ttl: request.ttlSec } });
    try {
      await this.d.queue.push({ request, deadline: request.acceptedAt + request.ttlSec * 1000, kind: 'offline' });
    } catch (err) {
      return this.unavailable(request, err);
    }
    // The board may have come up between the owner lookup and the push: wake whoever holds it now.
    await this.wakeOwner(request.board);
  }

  /** Wakes the board's holder as of now (`except`: one already woken), so nothing it could take is left waiting. */
  private async wakeOwner(board: string, except?: string): Promise<void> {
    const owner = await this.d.ownership.owner(board).catch(() => null);
    if (owner && owner.instance !== except) {
      await this.d.channel.send(owner.instance, { type: 'wake', board }).catch(() => undefined);
    }
  }

  private async claim(session: DownlinkSession): Promise<void> {
    const board = session.devId as string;
    try {
      session.epoch = await this.d.ownership.claim(board);
    } catch (err) {
      this.d.log.warn({ err, board }, 'board session not claimed in Redis; commands from other instances wait');
    }
  }

  private drainFor(session: DownlinkSession): Promise<void> {
    return this.serial.run(session.devId as string, () => this.drain(session));
  }

  private async drain(session: DownlinkSession): Promise<void> {
    const board = session.devId as string;
    if (session.epoch === undefined || !session.isOpen) return;
    const { ready, expired } = await this.d.queue.take(board, { instance: this.d.instance, epoch: session.epoch });
    expired.forEach((item) => this.expire(item));
    for (let i = 0; i < ready.length; i++) {
      if (this.d.executor.writeTcp(ready[i].request, session)) continue;
      await this.d.queue.putBack(board, ready.slice(i));
      // The session closed after the take, and the board's next holder may have drained the queue before
      // this putBack: wake it (a later session here drains after this one anyway).
      return this.wakeOwner(board, this.d.instance);
    }
  }

  private onControl(msg: ControlMessage): void {
    const session = this.d.localSession(msg.board);
    if (!session) return;
    if (msg.type === 'wake') {
      void this.drainFor(session).catch((err: Error) => this.d.log.warn({ err, board: msg.board }, 'drain failed'));
    } else if (session.epoch !== undefined && session.epoch < msg.epoch) {
      session.close('taken-over');
    }
  }

  private expire(item: QueuedCommand): void {
    const { request } = item;
    if (request.ttlSec > 0) {
      this.d.replies.publish(request, 'expired', { message: `the board did not come online within ${request.ttlSec} s` });
    } else {
      this.d.replies.publish(request, 'failed', { reason: 'offline', message: 'the instance holding the board did not take the command in time' });
    }
  }

  private unavailable(request: CommandRequest, err: unknown): void {
    this.d.replies.publish(request, 'failed', { reason: 'routing-unavailable',
      message: `shared state unreachable: ${(err as Error).message}` });
  }

  private isNewer(owner: SessionOwner, epoch: number): boolean {
    return owner.epoch > epoch || (owner.epoch === epoch && owner.instance !== this.d.instance);
  }
}
