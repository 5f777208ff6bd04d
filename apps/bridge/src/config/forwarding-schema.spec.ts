import { ConfigError } from './config-error';
import { parseRateLimit } from './forwarding-schema';
import { loadConfig } from './load-config';

const load = (forwarding: unknown, env: Record<string, string> = {}) =>
  loadConfig({ BOARDS_FILE: '/f.json', ...env }, () => JSON.stringify({ forwarding }));
const problemsOf = (forwarding: unknown, env: Record<string, string> = {}): string[] => {
  try {
    load(forwarding, env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
};

describe('forwarding config', () => {
  it('reads rate limits', () => {
    expect(parseRateLimit('20/min')).toEqual({ count: 20, windowMs: 60_000 });
    expect(parseRateLimit('5/s')).toEqual({ count: 5, windowMs: 1_000 });
    expect(parseRateLimit('30/10s')).toEqual({ count: 30, windowMs: 10_000 });
    expect(parseRateLimit('100/h')).toEqual({ count: 100, windowMs: 3_600_000 });
    for (const bad of ['0/min', '20', 'x/min', '20/day', '20/0s']) expect(parseRateLimit(bad)).toBeUndefined();
  });

  it('accepts a rule per mode and format and fills in the defaults', () => {
    const c = load({ rules: [
      { name: 'crm', format: 'board', encoding: 'post-json', aesKey: '1234567890123456', aesIv: '6543210987654321',
        targets: ['http://crm-a/sms', 'http://crm-b/sms'] },
      { name: 'ding', mode: 'broadcast', format: 'template', template: 'dingtalk', botSecret: 'SEC1', rateLimit: '20/min',
        targets: [{ name: 'ding-ops', url: 'https://oapi.dingtalk.com/robot/send?access_token=x' }] },
    ] });
    expect(c.registry.forwarding?.rules[0]).toMatchObject({ mode: 'round-robin', timeoutMs: 10_000, connections: 8,
      retry: { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 300_000 } });
    expect(c).toMatchObject({ FORWARD_QUEUE_MAX: 10_000, FORWARD_LEASE_MS: 10_000, FORWARD_WINDOW: 64 });
  });

  it('reports every problem at once, with the env\'s', () => {
    const problems = problemsOf({ rules: [
      { name: 'a b', targets: ['ftp://x'] },
      { name: 'dup', format: 'event', encoding: 'post-form', targets: ['http://{{devId}}/x'] },
      { name: 'dup', format: 'template', targets: ['http://a'], rateLimit: 'fast' },
      { name: 'bot', format: 'template', template: 'wecom', botSecret: 's', aesKey: '1234567890123456', targets: ['http://a'] },
      { name: 'c', format: 'template', template: 'custom', targets: [{ name: 'bot-1', url: 'http://a' }] },
      { name: 'd', format: 'board', aesKey: 'short', aesIv: '6543210987654321', secret: 'tiny', targets: [{ name: 'bot-1', url: 'http://b' }] },
    ] }, { FORWARD_LEASE_MS: '10' });
    const text = problems.join('\n');
    for (const expected of ['FORWARD_LEASE_MS', 'rules.0.name', 'rules.0.targets.0', 'rules.1.encoding: only for format: board',
      'rules.1.targets.0', 'rule name dup is used twice', 'rules.2.template: format template needs template',
      'rules.2.rateLimit', 'rules.3.botSecret: only DingTalk and Feishu', 'rules.3.aesKey', 'rules.4.body: template custom needs a body',
      'target name bot-1 is used twice', 'rules.5.aesKey', 'rules.5.secret']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('short'); // secrets are never echoed
  });
});
