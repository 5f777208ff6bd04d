/**
 * Child process: the baseline of the HTTP bench, a bare fastify 5 route answering 200 to every upload,
 * with the body read the way the bridge reads it (bootstrap.ts: any content type as a Buffer, same limit).
 */
import Fastify from 'fastify';
import { reply, serveParent } from '../common/child';

serveParent<{ kind: 'listen' }>(async () => {
  const app = Fastify({ bodyLimit: 65_536, logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.all('/upload/*', async (_req, res) => {
    await res.status(200).header('content-type', 'text/plain; charset=utf-8').send('');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  reply({ kind: 'listening', url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
});
