import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UploadHandler } from './upload-handler';
import { parseUploadTarget } from './upload-target';

/**
 * bridge-contract §5: `GET`/`POST /upload` and any path below it. Thin: raw request → UploadHandler.
 * A path segment after /upload is taken as the board id hint (boards can template `{{devId}}` into
 * their URL, board-protocol §1.1); the board's upload secret may come in the URL or a header
 * (upload-target.ts).
 */
@Controller()
export class UploadController {
  constructor(private readonly handler: UploadHandler) {}

  @All(['upload', 'upload/*'])
  async upload(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const target = parseUploadTarget(req.url, req.headers);
    const answer = await this.handler.handle({
      method: req.method,
      query: target.query,
      contentType: req.headers['content-type'],
      body: Buffer.isBuffer(req.body) ? req.body : undefined,
      boardHint: target.boardHint,
      secret: target.secret,
      source: req.ip,
    });
    await reply.status(answer.status).header('content-type', 'text/plain; charset=utf-8').send(answer.body);
  }
}
