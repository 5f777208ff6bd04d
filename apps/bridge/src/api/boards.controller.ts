import {
  Controller, Get, HttpCode, HttpException, HttpStatus, NotFoundException, Param, Post, Query, Req, Res, UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandIntake } from '../commands/command-intake';
import type { CommandReply } from '../commands/command-types';
import { maskPersonal } from '../logging/personal-data';
import { isValidBoardId } from '../mqtt/topics';
import { apiAccessOf } from './api-access';
import { ApiTokenGuard } from './api-token.guard';
import { type BoardSnapshot, BoardView } from './board-view';
import { ReplyWaiters } from './reply-waiters';

/** `?wait=` is capped: an HTTP request should not outlive load balancer timeouts. */
const MAX_WAIT_SEC = 120;

/** The answer without `wait`, or when the wait ran out before any reply. */
interface CommandAccepted {
  requestId: string;
  cmd: string;
  status: 'accepted';
}

/** bridge-contract §5: operators list boards and send commands with the same semantics as MQTT (§4). */
@Controller('api/boards')
@UseGuards(ApiTokenGuard)
export class BoardsController {
  constructor(private readonly view: BoardView, private readonly intake: CommandIntake,
    private readonly waiters: ReplyWaiters) {}

  @Get()
  list(@Req() req: FastifyRequest): { boards: BoardSnapshot[] } {
    return { boards: this.view.list().map((b) => redactFor(req, b)) };
  }

  @Get(':id')
  one(@Param('id') id: string, @Req() req: FastifyRequest): BoardSnapshot {
    const board = this.view.get(id);
    if (!board) throw new NotFoundException(`no board ${id} is known to the broker`);
    return redactFor(req, board);
  }

  /** 202 with the requestId, or with `?wait=N` the final reply (or the latest one when N runs out). */
  @Post(':id/commands/:cmd')
  @HttpCode(HttpStatus.ACCEPTED)
  async command(@Param('id') id: string, @Param('cmd') cmd: string, @Query('wait') wait: string | undefined,
    @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<CommandReply | CommandAccepted> {
    if (!isValidBoardId(id)) throw new HttpException({ status: 'rejected', message: 'invalid board id' }, 400);
    const waitSec = parseWait(wait);
    let pending: ReturnType<ReplyWaiters['expect']> | undefined;
    const parsed = await this.intake.submit(
      { board: id, cmd, payload: Buffer.isBuffer(req.body) ? req.body : '', origin: 'http', now: Date.now() },
      (requestId) => { if (waitSec > 0) pending = this.waiters.expect(requestId); });
    if (!parsed.ok) {
      const { requestId, reason, message, data } = parsed.rejection;
      throw new HttpException({ requestId, cmd, status: 'rejected', final: true, reason, message, data }, 400);
    }
    const accepted: CommandAccepted = { requestId: parsed.request.requestId, cmd: parsed.request.cmd, status: 'accepted' };
    if (!pending) return accepted;
    const reply = await pending.wait(waitSec * 1000);
    // A final reply is the whole answer (200); otherwise the command is still on its way (202).
    if (reply?.final) void res.status(HttpStatus.OK);
    return reply ?? accepted;
  }
}

/** issue 6 "Privacy": a read-only token sees phone numbers (SIM msisdn) and SMS text masked. */
function redactFor(req: FastifyRequest, board: BoardSnapshot): BoardSnapshot {
  return apiAccessOf(req) === 'full' ? board : maskPersonal(board);
}

function parseWait(wait: string | undefined): number {
  if (wait === undefined || wait === '') return 0;
  const n = Number(wait);
  if (!Number.isFinite(n) || n < 0) {
    throw new HttpException({ status: 'rejected', message: `wait must be seconds from 0 to ${MAX_WAIT_SEC}` }, 400);
  }
  return Math.min(n, MAX_WAIT_SEC);
}
