import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeyedRateLimiter } from '../limits/keyed-rate-limiter';
import { sourceKey } from '../limits/source-key';
import type { RateLimitedLog } from '../logging/rate-limited-log';
import type { BridgeMetrics } from '../metrics/bridge-metrics';

/** Orchestrators and Prometheus poll these; they are cheap and must answer even during a flood. */
const EXEMPT = /^\/(?:healthz|readyz|metrics)(?:[/?]|$)/;

/**
 * issue 6 "HTTP limits" at the fastify edge, for every route (uploads and the API):
 *  - requests per second per source address (HTTP_RATE_PER_SEC, HTTP_RATE_BURST), answered 429 in the
 *    onRequest hook, before the body is read;
 *  - bodies over UPLOAD_MAX_BYTES, which fastify answers 413 itself, are counted and logged here.
 * Our own token bucket rather than @fastify/rate-limit: that plugin must be registered before the routes
 * (in bootstrap.ts), these hooks can be added from the module, and the bucket is shared with the TCP
 * frame limit (limits/).
 */
export class HttpLimits {
  private readonly limiter?: KeyedRateLimiter;

  constructor(perSec: number, burst: number, private readonly metrics: BridgeMetrics,
    private readonly badLog: RateLimitedLog) {
    if (perSec > 0) this.limiter = new KeyedRateLimiter(perSec, Math.max(burst, 1));
  }

  /** Hooks added before fastify is ready apply to every route, also those Nest registered already. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (this.allows(req)) return;
      await reply.code(429).header('retry-after', '1').header('content-type', 'text/plain; charset=utf-8').send('');
      return reply;
    });
    fastify.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
      if (reply.statusCode === 413) this.refused(req, 'body-too-large', 'body over UPLOAD_MAX_BYTES answered 413');
    });
  }

  private allows(req: FastifyRequest): boolean {
    if (!this.limiter || EXEMPT.test(req.url)) return true;
    if (this.limiter.allow(sourceKey(req.ip))) return true;
    this.refused(req, 'rate-limited', 'HTTP requests refused with 429: over HTTP_RATE_PER_SEC from this address');
    return false;
  }

  /** Counted every time; logged once per minute per kind and source address. */
  private refused(req: FastifyRequest, kind: string, message: string): void {
    const source = sourceKey(req.ip);
    this.metrics.badInput.inc({ transport: 'http', kind });
    this.badLog.warn(`http:${kind}:${source}`, { source, kind }, message);
  }
}
