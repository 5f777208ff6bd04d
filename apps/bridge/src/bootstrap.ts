import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { BridgeConfig } from './config';
import { listenError } from './listen-error';

export interface RunningBridge {
  app: NestFastifyApplication;
  httpPort: number;
  close(): Promise<void>;
}

/**
 * Builds and starts the bridge from a validated config: main.ts and the end-to-end tests share this.
 * Every body arrives as a raw Buffer: board uploads are decoded by the protocol library (board-protocol
 * §1.2 has encodings fastify's own parsers would mangle, such as FORM values that are ciphertext).
 */
export async function startBridge(config: BridgeConfig, logger?: Logger): Promise<RunningBridge> {
  const adapter = new FastifyAdapter({ bodyLimit: config.UPLOAD_MAX_BYTES, trustProxy: false });
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
  return { app, httpPort, close: () => app.close() };
}
