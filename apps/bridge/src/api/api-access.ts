import type { FastifyRequest } from 'fastify';

/**
 * Which token a request to the HTTP API came with (bridge-contract §5, issue 6 "Privacy"): `full`
 * (API_TOKEN) or `read-only` (API_READONLY_TOKEN: GET only, phone numbers and SMS text masked).
 */
export type ApiAccess = 'full' | 'read-only';

const ACCESS = Symbol('apiAccess');

type WithAccess = FastifyRequest & { [ACCESS]?: ApiAccess };

export function setApiAccess(req: FastifyRequest, access: ApiAccess): void {
  (req as WithAccess)[ACCESS] = access;
}

/** Read-only unless the guard said otherwise: a route that forgot the guard shows less, not more. */
export function apiAccessOf(req: FastifyRequest): ApiAccess {
  return (req as WithAccess)[ACCESS] ?? 'read-only';
}
