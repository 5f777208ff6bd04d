import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const load = (yaml: string) => loadConfig({ BOARDS_FILE: '/b.yaml' }, (p) => {
  if (p !== '/b.yaml') throw new Error(`ENOENT ${p}`);
  return yaml;
});

function problemsOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('guards: section of BOARDS_FILE', () => {
  it('accepts the configuration example of docs/cost-guards.md as written', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/cost-guards.md'), 'utf8');
    const example = /```yaml\n(guards:[\s\S]*?)```/.exec(doc)?.[1] as string;
    const guards = load(example).registry.guards;
    expect(guards?.limits?.sendsms?.sim).toEqual({ perMinute: 6, perHour: 60, perDay: 200 });
    expect(guards?.boards?.['498060900001']?.enabled).toBe(false);
  });

  it('accepts every kind of setting', () => {
    const c = load([
      'guards:',
      '  timeZone: Asia/Shanghai',
      '  whenSharedStateDown: refuse',
      '  limits:',
      '    default: { sim: { perDay: 100 } }',
      '    sendsms: { board: { perMinute: 20, perHour: null }, sim: { perDay: 300 } }',
      '  destinations:',
      '    deny: ["^10086$"]',
      '    premiumExceptions: ["^1065812345$"]',
      '  boards:',
      '    "498060912345":',
      '      enabled: false',
      '      destinations: { allow: ["^1[3-9]\\\\d{9}$"], homeCountryCode: "86" }',
    ].join('\n'));
    expect(c.registry.guards?.limits?.sendsms?.board).toEqual({ perMinute: 20, perHour: null });
    expect(c.registry.guards?.boards?.['498060912345']?.destinations?.allow).toEqual(['^1[3-9]\\d{9}$']);
  });

  it('reports every bad guard setting at once, each by path', () => {
    const problems = problemsOf([
      'guards:',
      '  commands: [sendsms, fly]',
      '  timeZone: Mars/Olympus',
      '  limits:',
      '    sendsms: { sim: { perDay: -1 } }',
      '    telepathy: { board: { perMinute: 1 } }',
      '  destinations: { deny: ["(unclosed"], premium: maybe }',
      '  boards:',
      '    "a/b": {}',
      '    ok: { limits: { teldial: { sim: { perWeek: 3 } } } }',
    ].join('\n'));
    const text = problems.join('\n');
    for (const expected of ['guards.commands.1', '"fly" is not a command', 'guards.timeZone', 'guards.limits.sendsms.sim.perDay',
      '"telepathy" is not a command', 'guards.destinations.deny.0', 'not a valid regular expression',
      'guards.destinations.premium', 'board id', 'perWeek']) {
      expect(text).toContain(expected);
    }
  });

  it('is optional: a registry without it loads as before', () => {
    expect(load('boards: {}').registry.guards).toBeUndefined();
  });
});
