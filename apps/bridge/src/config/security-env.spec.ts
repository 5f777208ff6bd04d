import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('hardening settings (issue 6)', () => {
  it('defaults that a 10 000-board fleet behind one load balancer address does not hit', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      TCP_MAX_SESSIONS: 50_000, TCP_MAX_SESSIONS_PER_ADDRESS: 20_000, TCP_MAX_FRAMES_PER_SEC: 100,
      TCP_FRAME_BURST: 1_000, TCP_THROTTLE_CLOSE_SEC: 60, TCP_IDLE_TIMEOUT_SEC: 0,
      HTTP_RATE_PER_SEC: 1_000, HTTP_RATE_BURST: 20_000, FRESHNESS_WINDOW_SEC: 86_400,
    });
    expect(c.API_READONLY_TOKEN).toBeUndefined();
  });

  it('reports every bad one by name', () => {
    let error: unknown;
    try {
      loadConfig({ TCP_MAX_SESSIONS: '0', TCP_MAX_FRAMES_PER_SEC: 'fast', HTTP_RATE_BURST: '0',
        FRESHNESS_WINDOW_SEC: '-1', API_READONLY_TOKEN: 'short' });
    } catch (err) { error = err; }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['TCP_MAX_SESSIONS', 'TCP_MAX_FRAMES_PER_SEC', 'HTTP_RATE_BURST', 'FRESHNESS_WINDOW_SEC',
      'API_READONLY_TOKEN']) {
      expect(problems).toContain(name);
    }
  });

  it('reads requireEncryption and uploadSecret from the registry, and checks the form of the secret', () => {
    const read = (json: object) => () => JSON.stringify(json);
    const c = loadConfig({ BOARDS_FILE: '/r.json' }, read({ boards: { a: { aesKey: '1234567890123456',
      aesIv: '6543210987654321', requireEncryption: true, uploadSecret: 'a-long-enough-secret' } } }));
    expect(c.registry.boards.a).toMatchObject({ requireEncryption: true, uploadSecret: 'a-long-enough-secret' });
    expect(() => loadConfig({ BOARDS_FILE: '/r.json' }, read({ boards: { a: { uploadSecret: 'short' } } })))
      .toThrow(/uploadSecret: must be 16–128 URL-safe characters/);
    expect(() => loadConfig({ BOARDS_FILE: '/r.json' }, read({ boards: { a: { uploadSecret: 'has spaces in it ok?' } } })))
      .toThrow(ConfigError);
  });
});
