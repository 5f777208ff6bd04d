import {
  BadRequestException, Controller, Get, HttpCode, Post, Query, Req, ServiceUnavailableException, UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiTokenGuard } from '../api/api-token.guard';
import { RoutingUnavailableError } from '../routing/routing-ports';
import { type DeadLetterView, ForwardingService } from './forwarding-service';
import type { ReplayResult } from './store/lane-store';

const MAX_LIST = 1_000;

/** docs/forwarding.md "Dead letters": list them and queue them again, behind the API token. */
@Controller('api/forwarding')
@UseGuards(ApiTokenGuard)
export class ForwardingController {
  constructor(private readonly forwarding: ForwardingService) {}

  /** Newest first; `?limit=` (default 100, at most 1000). Shows where and why, not the message text. */
  @Get('dead-letters')
  async list(@Query('limit') limit?: string): Promise<{ deadLetters: DeadLetterView[] }> {
    const n = limit === undefined || limit === '' ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIST) throw new BadRequestException(`limit must be 1 to ${MAX_LIST}`);
    return { deadLetters: await unavailableAs503(() => this.forwarding.deadLetters(n)) };
  }

  /** Body `{"all": true}` or `{"ids": ["…"]}` (or `?id=…`): each goes back to its lane with fresh attempts. */
  @Post('dead-letters/replay')
  @HttpCode(200)
  async replay(@Req() req: FastifyRequest, @Query('id') id?: string): Promise<ReplayResult> {
    const ids = id ? [id] : parseReplayBody(req.body);
    return unavailableAs503(() => this.forwarding.replay(ids));
  }
}

/** undefined = all. */
export function parseReplayBody(body: unknown): string[] | undefined {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  let parsed: unknown;
  try {
    parsed = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    throw new BadRequestException('body must be JSON: {"all": true} or {"ids": ["…"]}');
  }
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { all?: unknown; ids?: unknown };
  if (o.all === true) return undefined;
  if (Array.isArray(o.ids) && o.ids.length > 0 && o.ids.length <= MAX_LIST && o.ids.every((x) => typeof x === 'string')) {
    return o.ids as string[];
  }
  throw new BadRequestException('say what to replay: {"all": true} or {"ids": ["…"]} (at most 1000), or ?id=…');
}

async function unavailableAs503<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RoutingUnavailableError) throw new ServiceUnavailableException('redis is not reachable');
    throw err;
  }
}
