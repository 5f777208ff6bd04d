import { createServer, type Server, type Socket } from 'node:net';
import type { Publisher } from '../ingest/publisher';
import { listenError } from '../listen-error';
import { BoardSession } from './board-session';
import type { SessionDeps } from './session-deps';

/**
 * Owns the board TCP listener (bridge-contract §1, `TCP_PORT`): one BoardSession per socket. While the
 * publication spool is full every socket is paused, so frames wait in the kernel instead of being lost.
 */
export class BoardTcpServer {
  private readonly server: Server;
  private readonly sessions = new Set<BoardSession>();
  private paused = false;

  constructor(private readonly deps: SessionDeps, publisher: Publisher, private readonly host: string,
    private readonly wantedPort: number) {
    this.server = createServer((socket) => this.accept(socket));
    publisher.onPressure((full) => this.setPaused(full));
  }

  get port(): number {
    const addr = this.server.address();
    return typeof addr === 'object' && addr ? addr.port : this.wantedPort;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (err) => reject(listenError(err, 'board TCP', this.wantedPort, 'TCP_PORT')));
      this.server.listen(this.wantedPort, this.host, () => resolve());
    });
  }

  /** Stops accepting; closes every session with reason `shutdown` (availability goes offline). */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of [...this.sessions]) s.close('shutdown');
    await closed;
  }

  private accept(socket: Socket): void {
    const session = new BoardSession(socket, this.deps);
    this.sessions.add(session);
    socket.once('close', () => this.sessions.delete(session));
    if (this.paused) session.pause();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.deps.log.warn({ paused }, paused ? 'publication spool full: pausing board sockets'
      : 'publication spool has room: resuming board sockets');
    for (const s of this.sessions) {
      if (paused) s.pause();
      else s.resume();
    }
  }
}
