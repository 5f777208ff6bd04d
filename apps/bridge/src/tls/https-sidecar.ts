import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { BOARD_TLS_VERSIONS, readTlsFiles, type TlsFiles } from './tls-files';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The fastify options serverFactory receives that shape its default HTTP/1 server (fastify lib/server.js). */
interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
}

/**
 * HTTPS beside plain HTTP (HTTPS_PORT). fastify serves one server, so its request handler is taken from its
 * `serverFactory` hook and also given to a TLS server that speaks TLS 1.2 only, the one version the board
 * has (board-protocol §1.3). Every route, hook and limit is the same on both ports; plain HTTP stays as it was.
 */
export class HttpsSidecar {
  private handler?: Handler;
  private server?: HttpsServer;
  private readonly tls: ReturnType<typeof readTlsFiles>;

  /** @throws Error naming HTTPS_KEY_FILE / HTTPS_CERT_FILE when they cannot be read or do not match. */
  constructor(files: TlsFiles) {
    this.tls = readTlsFiles(files, 'HTTPS');
  }

  /** fastify's `serverFactory`: the plain server, built the way fastify builds it; the handler is kept. */
  readonly serverFactory = (handler: Handler, opts: ServerTimeouts): Server => {
    this.handler = handler;
    const server = createHttpServer(handler);
    if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
    if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
    if (opts.connectionTimeout) server.setTimeout(opts.connectionTimeout);
    return server;
  };

  /** Listens once fastify is ready (after app.listen); resolves with the bound port. */
  async listen(host: string, port: number): Promise<number> {
    const handler = this.handler;
    if (!handler) throw new Error('HTTPS: fastify did not build its server through serverFactory');
    const server = createHttpsServer({ ...this.tls, ...BOARD_TLS_VERSIONS }, handler);
    // a client offering only TLS 1.3 (or 1.1) fails its handshake; that is the client's problem, not an error here
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
