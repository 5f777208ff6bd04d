/** What the registry needs of a session. */
export interface RegisteredSession {
  readonly id: number;
  close(reason: SessionCloseReason): void;
}

export type SessionCloseReason = 'closed' | 'ping-timeout' | 'replaced' | 'shutdown' | 'handshake-timeout'
  | 'frame-too-large' | 'not-allowed' | 'slow-consumer' | 'error';

/** devId → the one live TCP session of that board on this instance. */
export class SessionRegistry<S extends RegisteredSession = RegisteredSession> {
  private readonly byBoard = new Map<string, S>();

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
  }

  /** Removes the session only if it is still the board's current one; true when it was. */
  release(devId: string, session: S): boolean {
    if (this.byBoard.get(devId) !== session) return false;
    this.byBoard.delete(devId);
    return true;
  }

  entries(): IterableIterator<[string, S]> {
    return this.byBoard.entries();
  }
}
