import { parseRedisUrl, redact, RedisUrlError } from './redis-url';

describe('parseRedisUrl (bridge-contract §1 REDIS_URL forms)', () => {
  it('leaves redis:// and rediss:// to ioredis', () => {
    expect(parseRedisUrl('redis://:pw@10.0.0.1:6380/2')).toEqual({ kind: 'standalone', url: 'redis://:pw@10.0.0.1:6380/2' });
    expect(parseRedisUrl('rediss://cache.example:6380')).toEqual({ kind: 'standalone', url: 'rediss://cache.example:6380' });
  });

  it('reads sentinels, master name, db and password', () => {
    expect(parseRedisUrl('redis+sentinel://:s3cret@s1:26379,s2:26380/mymaster/3')).toEqual({
      kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }],
      name: 'mymaster', db: 3, password: 's3cret',
    });
  });

  it('defaults the sentinel port to 26379 and db to 0; no auth when none is given', () => {
    expect(parseRedisUrl('redis+sentinel://s1,[::1]:5000/m')).toEqual({
      kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: '::1', port: 5000 }], name: 'm', db: 0,
    });
  });

  it('reads user and percent-encoded password', () => {
    const t = parseRedisUrl('redis+cluster://app:p%40ss%3Aw@n1:7000,n2:7001');
    expect(t).toEqual({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }],
      username: 'app', password: 'p@ss:w' });
  });

  it('defaults the cluster port to 6379 and accepts a trailing slash', () => {
    expect(parseRedisUrl('redis+cluster://n1/')).toEqual({ kind: 'cluster', nodes: [{ host: 'n1', port: 6379 }] });
  });

  it.each([
    ['a sentinel URL without master name', 'redis+sentinel://s1:26379'],
    ['a sentinel URL with a non-numeric db', 'redis+sentinel://s1/m/x'],
    ['a sentinel URL with too many path parts', 'redis+sentinel://s1/m/1/2'],
    ['a cluster URL with a path', 'redis+cluster://n1:7000/0'],
    ['no hosts', 'redis+cluster://'],
    ['an empty host in the list', 'redis+cluster://n1,,n2'],
    ['a port out of range', 'redis+cluster://n1:70000'],
    ['a query string', 'redis+cluster://n1?tls=true'],
    ['an unknown scheme', 'memcache://n1'],
    ['broken percent-encoding', 'redis+cluster://:%E0%A4%A@n1'],
  ])('rejects %s with a RedisUrlError', (_what, url) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
  });

  it('never puts the password into the error message', () => {
    expect(() => parseRedisUrl('redis+sentinel://:topsecret@s1')).toThrow(/\*\*\*/);
    expect(() => parseRedisUrl('redis+sentinel://:topsecret@s1')).not.toThrow(/topsecret/);
  });
});

describe('redact', () => {
  it('hides the password and keeps the rest', () => {
    expect(redact('redis://user:pw@h:6379/1')).toBe('redis://user:***@h:6379/1');
    expect(redact('redis+sentinel://:pw@a,b/m')).toBe('redis+sentinel://:***@a,b/m');
    expect(redact('redis://h:6379')).toBe('redis://h:6379');
  });
});
