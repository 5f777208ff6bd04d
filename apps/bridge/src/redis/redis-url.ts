/**
 * REDIS_URL forms of bridge-contract §1: `redis://` and `rediss://` (ioredis parses those itself),
 * `redis+sentinel://[user:pw@]host:port,host:port/<masterName>[/db]` and
 * `redis+cluster://[user:pw@]host:port,host:port`. Pure, so every form is unit-tested.
 */

export interface HostPort {
  host: string;
  port: number;
}

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; db: number; username?: string; password?: string }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string };

/** REDIS_URL is not usable: the operator's fault, stops the process at start. */
export class RedisUrlError extends Error {
  constructor(readonly url: string, readonly problem: string) {
    // Never echo the password: the message ends up in logs.
    super(`REDIS_URL ${redact(url)}: ${problem}`);
    this.name = 'RedisUrlError';
  }
}

const DEFAULT_PORT = { sentinel: 26379, cluster: 6379 } as const;
const MULTI_HOST = /^redis\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?$/;

/** @throws RedisUrlError naming what is wrong (password redacted). */
export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) return { kind: 'standalone', url };
  try {
    return parseMultiHost(url);
  } catch (err) {
    if (err instanceof URIError) throw new RedisUrlError(url, 'bad percent-encoding');
    throw err;
  }
}

function parseMultiHost(url: string): RedisTarget {
  const m = MULTI_HOST.exec(url);
  if (!m) throw new RedisUrlError(url, 'expected redis://, rediss://, redis+sentinel:// or redis+cluster:// (no query)');
  const kind = m[1] as 'sentinel' | 'cluster';
  const hosts = parseHosts(url, m[3], DEFAULT_PORT[kind]);
  const auth = parseUserInfo(m[2]);
  const path = (m[4] ?? '').split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (kind === 'cluster') {
    if (path.length) throw new RedisUrlError(url, 'a cluster URL takes no path (Redis Cluster has only db 0)');
    return { kind, nodes: hosts, ...auth };
  }
  if (path.length < 1 || path.length > 2) throw new RedisUrlError(url, 'expected /<masterName>[/db] after the hosts');
  if (path.length === 2 && !/^\d{1,5}$/.test(path[1])) throw new RedisUrlError(url, `db "${path[1]}" is not a number`);
  return { kind, sentinels: hosts, name: path[0], db: Number(path[1] ?? 0), ...auth };
}

/** `host:port,host:port`; IPv6 in brackets (`[::1]:26379`); a missing port takes the default. */
function parseHosts(url: string, text: string, defaultPort: number): HostPort[] {
  const parts = text.split(',').map((p) => p.trim());
  if (!text || parts.some((p) => !p)) throw new RedisUrlError(url, 'expected host:port[,host:port…]');
  return parts.map((part) => {
    const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(part);
    const port = m?.[3] === undefined ? defaultPort : Number(m[3]);
    if (!m || port < 1 || port > 65535) throw new RedisUrlError(url, `"${part}" is not host[:port]`);
    return { host: m[1] ?? m[2], port };
  });
}

/** RFC 3986 userinfo read the way ioredis reads `redis://` URLs: `user:pw`, `:pw`, or `user` alone. */
function parseUserInfo(text: string | undefined): { username?: string; password?: string } {
  if (!text) return {};
  const colon = text.indexOf(':');
  const username = decodeURIComponent(colon < 0 ? text : text.slice(0, colon));
  const password = colon < 0 ? '' : decodeURIComponent(text.slice(colon + 1));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** The URL with any password replaced by `***`, for log lines and errors. */
export function redact(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)([^@/]*)@/i, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return `${scheme}${colon < 0 ? info : `${info.slice(0, colon)}:***`}@`;
  });
}
