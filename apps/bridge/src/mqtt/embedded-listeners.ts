import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type SecureContextOptions, type TLSSocket } from 'node:tls';
import { listenError } from '../listen-error';
import type { ErrorReporter } from './inbound-message';

/** A socket listener feeding the embedded broker; close() also ends the connections it accepted. */
export interface BrokerListener {
  readonly port: number;
  close(): Promise<void>;
}

export type ListenerKind = 'tcp' | 'ws' | 'tls';

/** The embedded broker's listeners by kind, closed together. */
export class ListenerSet {
  private readonly open = new Map<ListenerKind, BrokerListener>();

  add(kind: ListenerKind, listener: BrokerListener): void {
    this.open.set(kind, listener);
  }

  port(kind: ListenerKind): number | undefined {
    return this.open.get(kind)?.port;
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((l) => l.close()));
  }
}

interface Where {
  host: string;
  port: number;
  /** The setting that changes this port, named in the EADDRINUSE message (bridge-contract §1). */
  setting: string;
  what: string;
}

/** Plain MQTT over TCP: `net.createServer(broker.handle)` is all aedes needs (stack.md §1, aedes-server-factory not needed). */
export async function listenTcp(handle: (socket: Socket) => void, where: Where, report: ErrorReporter): Promise<BrokerListener> {
  const server = createServer();
  const sockets = trackSockets(server);
  server.on('connection', handle);
  await listen(server, where);
  server.on('error', (err) => report(err, `${where.what} listener`));
  return {
    port: boundPort(server),
    close: () => closeServer(server, () => sockets.forEach((s) => s.destroy())),
  };
}

/**
 * MQTT over TLS (MQTT_TLS_PORT): aedes gets the decrypted socket once the handshake is done. Handshake
 * failures (wrong CA, plain MQTT on the TLS port) only end that connection.
 */
export async function listenTls(handle: (socket: TLSSocket) => void, where: Where, tls: SecureContextOptions,
  report: ErrorReporter): Promise<BrokerListener> {
  const server = createTlsServer(tls);
  // 'connection' sees every raw socket, also those still in the handshake, so close() can drop them all
  const sockets = trackSockets(server);
  server.on('secureConnection', handle);
  server.on('tlsClientError', () => undefined);
  await listen(server, where);
  server.on('error', (err) => report(err, `${where.what} listener`));
  return {
    port: boundPort(server),
    close: () => closeServer(server, () => sockets.forEach((s) => s.destroy())),
  };
}

/**
 * MQTT over WebSocket. `ws` is not a direct dependency: it is present because MQTT.js depends on it, so it is
 * loaded only when a WebSocket port is configured.
 */
export async function listenWebSocket(
  handle: (stream: Duplex, req: IncomingMessage) => void, where: Where, report: ErrorReporter,
): Promise<BrokerListener> {
  const { WebSocketServer, createWebSocketStream } = await import('ws');
  const http = createHttpServer((_req, res) => res.writeHead(426, { connection: 'close' }).end());
  await listen(http, where);
  // created only after listen succeeded: with `server` given, ws re-emits the server's errors on itself
  const wss = new WebSocketServer({ server: http });
  wss.on('error', (err) => report(err, `${where.what} listener`));
  wss.on('connection', (ws, req) => {
    const stream = createWebSocketStream(ws);
    stream.on('error', () => ws.terminate());
    handle(stream, req);
  });
  return {
    port: boundPort(http),
    close: () => closeServer(http, () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
    }),
  };
}

async function listen(server: Server | HttpServer, where: Where): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: where.host, port: where.port }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    throw listenError(err, where.what, where.port, where.setting);
  });
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function boundPort(server: Server | HttpServer): number {
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/** server.close() waits for open connections, so `dropConnections` runs right after it stops accepting. */
function closeServer(server: Server | HttpServer, dropConnections: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    dropConnections();
  });
}
