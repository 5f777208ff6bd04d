/** What the registry needs of a session. */
export interface RegisteredSession {
  readonly id: number;
  close(reason: SessionCloseReason): void;
}

export type SessionCloseReason = 'closed' | 'ping-timeout' | 'replaced' | 'shutdown' | 'handshake-timeout'
  | 'frame-too-large' | 'not-allowed' | 'slow-consumer' | 'error'
  /** issue 6: over its frame rate for too long, or silent for longer than TCP_IDLE_TIMEOUT_SEC. */
  | 'flood' | 'idle-timeout'
  /** Another instance claimed the board (bridge-contract §4 fencing): it is online there, no offline. */
  | 'taken-over';

export interface SessionListener<S> {
  /** The session identified its board and is now the board's session here. */
  started?(devId: string, session: S): void;
  /** The session closed; `current` when it was still the board's session (not replaced before). */
  ended?(devId: string, session: S, current: boolean): void;
}

/** devId → the one live TCP session of that board on this instance. */
export class SessionRegistry<S extends RegisteredSession = RegisteredSession> {
  private readonly byBoard = new Map<string, S>();
  private readonly listeners = new Set<SessionListener<S>>();

  /** Observers of sessions starting and ending (command routing); returns an unsubscribe. */
  listen(listener: SessionListener<S>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.byBoard.size;
  }

  get(devId: string): S | undefined {
    return this.byBoard.get(devId);
  }

  /** board-protocol §7: a new connection of the same devId replaces the old one. */
  register(devId: string, session: S): void {
    const old = this.byBoard.get(devId);
    this.byBoard.set(devId, session);
    if (old && old !== session) old.close('replaced');
    for (const l of this.listeners) l.started?.(devId, session);
  }

  /** Removes the session only if it is still the board's current one; true when it was. */
  release(devId: string, session: S): boolean {
    const current = this.byBoard.get(devId) === session;
    if (current) this.byBoard.delete(devId);
    for (const l of this.listeners) l.ended?.(devId, session, current);
    return current;
  }

  entries(): IterableIterator<[string, S]> {
    return this.byBoard.entries();
  }
}
