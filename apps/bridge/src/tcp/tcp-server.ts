import { createServer, type Server, type Socket } from 'node:net';
import type { Publisher } from '../ingest/publisher';
import { listenError } from '../listen-error';
import { sourceKey } from '../limits/source-key';
import { BoardSession } from './board-session';
import type { ServerLimits, SessionDeps } from './session-deps';

/**
 * Owns the board TCP listener (bridge-contract §1, `TCP_PORT`): one BoardSession per socket. While the
 * publication spool is full every socket is paused, so frames wait in the kernel instead of being lost.
 * Sockets above TCP_MAX_SESSIONS in total or TCP_MAX_SESSIONS_PER_ADDRESS from one source are closed at
 * once, counted and logged (issue 6); sessions already open are not touched.
 */
export class BoardTcpServer {
  private readonly server: Server;
  private readonly sessions = new Set<BoardSession>();
  private readonly perSource = new Map<string, number>();
  private paused = false;

  constructor(private readonly deps: SessionDeps, publisher: Publisher, private readonly host: string,
    private readonly wantedPort: number, private readonly caps: ServerLimits) {
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
    const source = sourceKey(socket.remoteAddress);
    const open = this.perSource.get(source) ?? 0;
    if (this.sessions.size >= this.caps.maxSessions) return this.refuse(socket, source, 'session-limit');
    if (open >= this.caps.maxSessionsPerAddress) return this.refuse(socket, source, 'address-session-limit');
    this.perSource.set(source, open + 1);
    const session = new BoardSession(socket, this.deps);
    this.sessions.add(session);
    socket.once('close', () => {
      this.sessions.delete(session);
      const left = (this.perSource.get(source) ?? 1) - 1;
      if (left > 0) this.perSource.set(source, left);
      else this.perSource.delete(source);
    });
    if (this.paused) session.pause();
  }

  private refuse(socket: Socket, source: string, kind: 'session-limit' | 'address-session-limit'): void {
    socket.on('error', () => undefined);
    socket.destroy();
    this.deps.metrics.badInput.inc({ transport: 'tcp', kind });
    const limit = kind === 'session-limit' ? `${this.caps.maxSessions} in total (TCP_MAX_SESSIONS)`
      : `${this.caps.maxSessionsPerAddress} from one address (TCP_MAX_SESSIONS_PER_ADDRESS)`;
    this.deps.badInputLog.warn(`tcp:${kind}:${source}`, { source, kind },
      `board connection refused: already ${limit} open`);
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
