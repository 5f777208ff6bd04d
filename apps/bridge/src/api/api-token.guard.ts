import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, NotFoundException, UnauthorizedException }
  from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';

/**
 * bridge-contract §5: the operator API needs `Authorization: Bearer <API_TOKEN>`; without API_TOKEN the
 * API does not exist (404), so a bridge never runs an open command endpoint by accident.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(BRIDGE_CONFIG) config: BridgeConfig) {
    if (config.API_TOKEN) this.expected = digest(config.API_TOKEN);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundException('the HTTP API is disabled (set API_TOKEN to enable it)');
    const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    // Compare digests: equal length always, so timingSafeEqual leaks nothing about the token.
    if (m && timingSafeEqual(digest(m[1]), this.expected)) return true;
    throw new UnauthorizedException('missing or wrong bearer token');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
