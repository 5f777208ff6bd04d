import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { BridgeConfig } from './config';
import { listenError } from './listen-error';
import { HttpsSidecar } from './tls/https-sidecar';

export interface RunningBridge {
  app: NestFastifyApplication;
  httpPort: number;
  /** HTTPS_PORT's bound port when HTTPS is on (docs/security-mqtt.md). */
  httpsPort?: number;
  close(): Promise<void>;
}

/**
 * Builds and starts the bridge from a validated config: main.ts and the end-to-end tests share this.
 * Every body arrives as a raw Buffer: board uploads are decoded by the protocol library (board-protocol
 * §1.2 has encodings fastify's own parsers would mangle, such as FORM values that are ciphertext).
 */
export async function startBridge(config: BridgeConfig, logger?: Logger): Promise<RunningBridge> {
  const https = httpsSidecar(config);
  const adapter = new FastifyAdapter({ bodyLimit: config.UPLOAD_MAX_BYTES, trustProxy: false,
    ...(https ? { serverFactory: https.serverFactory } : {}) });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter,
    { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestPinoLogger));
  try {
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw listenError(err, 'HTTP', config.HTTP_PORT, 'HTTP_PORT');
  }
  const addr = app.getHttpServer().address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : config.HTTP_PORT;
  const httpsPort = https ? await listenHttps(https, config, app) : undefined;
  return { app, httpPort, httpsPort, close: () => app.close().finally(() => https?.close()) };
}

/** HTTPS beside HTTP when HTTPS_PORT is set (TLS 1.2 only, board-protocol §1.3); undefined otherwise. */
function httpsSidecar(config: BridgeConfig): HttpsSidecar | undefined {
  if (config.HTTPS_PORT === undefined || !config.HTTPS_KEY_FILE || !config.HTTPS_CERT_FILE) return undefined;
  return new HttpsSidecar({ keyFile: config.HTTPS_KEY_FILE, certFile: config.HTTPS_CERT_FILE });
}

async function listenHttps(https: HttpsSidecar, config: BridgeConfig, app: NestFastifyApplication): Promise<number> {
  try {
    return await https.listen(config.HTTP_HOST, config.HTTPS_PORT ?? 0);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw listenError(err, 'HTTPS', config.HTTPS_PORT ?? 0, 'HTTPS_PORT');
  }
}
