import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BRIDGE_CONFIG, type BridgeConfig } from '../config';
import { type ApiAccess, setApiAccess } from './api-access';

/**
 * bridge-contract §5: the operator API needs `Authorization: Bearer <API_TOKEN>`, or the read-only
 * `API_READONLY_TOKEN` for GET requests (issue 6); with neither set the API does not exist (404), so a
 * bridge never runs an open command endpoint by accident.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly tokens: { digest: Buffer; access: ApiAccess }[] = [];

  constructor(@Inject(BRIDGE_CONFIG) config: BridgeConfig) {
    // The full token first: should both be the same, it grants what the operator meant it to.
    if (config.API_TOKEN) this.tokens.push({ digest: digest(config.API_TOKEN), access: 'full' });
    if (config.API_READONLY_TOKEN) this.tokens.push({ digest: digest(config.API_READONLY_TOKEN), access: 'read-only' });
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (!this.tokens.length) {
      throw new NotFoundException('the HTTP API is disabled (set API_TOKEN or API_READONLY_TOKEN to enable it)');
    }
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    // Compare digests: equal length always, so timingSafeEqual leaks nothing about the token.
    const given = m ? digest(m[1]) : undefined;
    const match = given && this.tokens.find((t) => timingSafeEqual(given, t.digest));
    if (!match) throw new UnauthorizedException('missing or wrong bearer token');
    if (match.access === 'read-only' && req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ForbiddenException('the read-only token may only read (GET)');
    }
    setApiAccess(req, match.access);
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
