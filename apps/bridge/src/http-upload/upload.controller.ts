import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UploadHandler } from './upload-handler';

/**
 * bridge-contract §5: `GET`/`POST /upload` and any path below it. Thin: raw request → UploadHandler.
 * A path segment after /upload is taken as the board id hint (boards can template `{{devId}}` into
 * their URL, board-protocol §1.1).
 */
@Controller()
export class UploadController {
  constructor(private readonly handler: UploadHandler) {}

  @All(['upload', 'upload/*'])
  async upload(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const qs = req.url.indexOf('?');
    const path = (qs < 0 ? req.url : req.url.slice(0, qs)).split('/').filter(Boolean);
    const answer = await this.handler.handle({
      method: req.method,
      query: qs < 0 ? '' : req.url.slice(qs + 1),
      contentType: req.headers['content-type'],
      body: Buffer.isBuffer(req.body) ? req.body : undefined,
      boardHint: path.length > 1 ? safeDecode(path[path.length - 1]) : undefined,
      source: req.ip,
    });
    await reply.status(answer.status).header('content-type', 'text/plain; charset=utf-8').send(answer.body);
  }
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
