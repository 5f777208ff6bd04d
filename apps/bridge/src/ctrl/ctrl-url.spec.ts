import { candidatePorts, encodeCtrlQuery, parseCtrlUrl, redactedCtrlUrl, type CtrlEndpoint } from './ctrl-url';

const endpoint = (raw: string) => parseCtrlUrl(raw) as CtrlEndpoint;

describe('parseCtrlUrl (board-protocol §1.5)', () => {
  it.each([
    ['http://192.168.7.170', undefined, '/ctrl'],
    ['http://192.168.7.170/', undefined, '/ctrl'],
    ['http://192.168.7.170/ctrl', undefined, '/ctrl'],
    ['http://192.168.7.170:38585/ctrl/', 38585, '/ctrl'],
    ['http://proxy.lan:8080/board7/', 8080, '/board7/ctrl'],
  ])('%s → port %s, path %s', (raw, port, path) => {
    expect(endpoint(raw)).toMatchObject({ protocol: 'http:', explicitPort: port, path });
  });

  it('keeps an explicit :80 (WHATWG URL drops it) so that no fallback happens', () => {
    expect(endpoint('http://board:80/').explicitPort).toBe(80);
    expect(candidatePorts(endpoint('http://board:80/'), [80, 38585])).toEqual([80]);
  });

  it('reads bracketed IPv6 hosts', () => {
    expect(endpoint('http://[fe80::1]:38585')).toMatchObject({ hostname: '[fe80::1]', explicitPort: 38585 });
    expect(endpoint('http://[fe80::1]/')).toMatchObject({ hostname: '[fe80::1]', explicitPort: undefined });
  });

  it('refuses a query, a fragment, user info and a non-http scheme, without echoing the URL', () => {
    for (const raw of ['http://b/?token=abc', 'http://b/#x', 'http://u:pw@b/', 'ftp://b/', 'not a url']) {
      const result = parseCtrlUrl(raw);
      expect(result).toHaveProperty('invalid');
      expect(JSON.stringify(result)).not.toContain(raw);
    }
  });
});

describe('candidatePorts', () => {
  it('tries the defaults in order, the remembered one first; https without a port is 443', () => {
    expect(candidatePorts(endpoint('http://b'), [80, 38585])).toEqual([80, 38585]);
    expect(candidatePorts(endpoint('http://b'), [80, 38585], 38585)).toEqual([38585, 80]);
    expect(candidatePorts(endpoint('https://b'), [80, 38585])).toEqual([443]);
  });
});

describe('query encoding and redaction', () => {
  it('percent-encodes UTF-8 and writes a space as %20, a plus as %2B', () => {
    expect(encodeCtrlQuery({ cmd: 'sendsms', p3: '查 a+b' })).toBe('cmd=sendsms&p3=%E6%9F%A5%20a%2Bb');
  });

  it('shows cmd and tid only', () => {
    const query = { token: '3f4bffa77257d243875d0a5a80635934', cmd: 'sendsms', p1: '1', p3: '秘密', tid: 't-1' };
    expect(redactedCtrlUrl('http://b:80', '/ctrl', query)).toBe('http://b:80/ctrl?token=***&cmd=sendsms&p1=***&p3=***&tid=t-1');
  });
});
