import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

/** A well-formed hash (the values do not matter to the parser). */
const HASH = `$scrypt$ln=15,r=8,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

const files = (content: Record<string, string>) => (path: string) => {
  if (!(path in content)) throw new Error(`ENOENT: no such file ${path}`);
  return content[path];
};

function problemsOf(env: Record<string, string>, content: Record<string, string> = {}): string[] {
  try {
    loadConfig(env, files(content));
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('MQTT_USERS_FILE and the MQTT security settings', () => {
  it('reads users with roles and operator restrictions from YAML', () => {
    const yaml = ['users:', `  dash: { role: reader, passwordHash: "${HASH}" }`,
      `  ops: { role: operator, passwordHash: "${HASH}", boards: ["498060912345"], commands: [SendSMS, stat] }`,
      `  root: { role: admin, passwordHash: "${HASH}" }`].join('\n');
    const c = loadConfig({ MQTT_USERS_FILE: '/u.yaml' }, files({ '/u.yaml': yaml }));
    expect(c.mqttUsers?.users.dash.role).toBe('reader');
    expect(c.mqttUsers?.users.ops).toMatchObject({ boards: ['498060912345'], commands: ['sendsms', 'stat'] });
    expect(c.MQTT_ALLOW_ANONYMOUS).toBe('loopback');
  });

  it('defaults: no users, anonymous from this host only (role admin), no TLS listeners', () => {
    const c = loadConfig({});
    expect(c.mqttUsers).toBeUndefined();
    expect(c).toMatchObject({ MQTT_ALLOW_ANONYMOUS: 'loopback', MQTT_ANONYMOUS_ROLE: 'admin' });
    expect(c.MQTT_TLS_PORT).toBeUndefined();
    expect(c.HTTPS_PORT).toBeUndefined();
  });

  it('refuses plaintext passwords without repeating them', () => {
    const json = JSON.stringify({ users: { a: { role: 'reader', passwordHash: 'hunter2-secret' },
      b: { role: 'reader', password: 'plain-secret' } } });
    const problems = problemsOf({ MQTT_USERS_FILE: '/u.json' }, { '/u.json': json });
    expect(problems.some((p) => p.includes('users.a.passwordHash') && p.includes('hash-password'))).toBe(true);
    expect(problems.some((p) => p.includes('users.b') && p.includes('password'))).toBe(true);
    expect(problems.join('\n')).not.toMatch(/hunter2-secret|plain-secret/);
  });

  it('reports bad roles, restrictions on non-operators and an empty list', () => {
    const json = JSON.stringify({ users: { a: { role: 'root', passwordHash: HASH },
      b: { role: 'reader', passwordHash: HASH, boards: ['1'] }, 'c/d': { role: 'operator', passwordHash: HASH,
        boards: ['x/y'], commands: ['send sms'] } } });
    const problems = problemsOf({ MQTT_USERS_FILE: '/u.json' }, { '/u.json': json });
    expect(problems.some((p) => p.includes('users.a.role'))).toBe(true);
    expect(problems.some((p) => p.includes('restrict operators only'))).toBe(true);
    expect(problems.some((p) => p.includes('board id'))).toBe(true);
    expect(problems.some((p) => p.includes('not a command name'))).toBe(true);
    expect(problemsOf({ MQTT_USERS_FILE: '/e.yaml' }, { '/e.yaml': 'users: {}' }).join()).toContain('lists no user');
    expect(problemsOf({ MQTT_USERS_FILE: '/missing.yaml' }).join()).toContain('MQTT_USERS_FILE /missing.yaml: ENOENT');
  });

  it('refuses anonymous access together with users, and users or TLS with an external broker', () => {
    const yaml = `users: { a: { role: reader, passwordHash: "${HASH}" } }`;
    expect(problemsOf({ MQTT_USERS_FILE: '/u.yaml', MQTT_ALLOW_ANONYMOUS: 'true' }, { '/u.yaml': yaml }).join())
      .toContain('MQTT_ALLOW_ANONYMOUS');
    const external = problemsOf({ MQTT_URL: 'mqtt://b:1883', MQTT_USERS_FILE: '/u.yaml', MQTT_TLS_PORT: '8883',
      MQTT_TLS_KEY_FILE: '/k', MQTT_TLS_CERT_FILE: '/c' }, { '/u.yaml': yaml });
    expect(external.some((p) => p.startsWith('MQTT_USERS_FILE'))).toBe(true);
    expect(external.some((p) => p.startsWith('MQTT_TLS_PORT'))).toBe(true);
  });

  it('needs a TLS port, key and certificate together', () => {
    expect(problemsOf({ MQTT_TLS_PORT: '8883' })).toEqual(
      ['MQTT_TLS_KEY_FILE, MQTT_TLS_CERT_FILE: needed together with MQTT_TLS_PORT']);
    expect(problemsOf({ HTTPS_KEY_FILE: '/k', HTTPS_CERT_FILE: '/c' })).toEqual(
      ['HTTPS_PORT: needed together with HTTPS_KEY_FILE, HTTPS_CERT_FILE']);
    expect(problemsOf({ HTTPS_PORT: '8443', HTTPS_KEY_FILE: '/k', HTTPS_CERT_FILE: '/c' })).toEqual([]);
    expect(problemsOf({ MQTT_ALLOW_ANONYMOUS: 'perhaps', MQTT_ANONYMOUS_ROLE: 'root', HTTPS_PORT: 'x' })
      .map((p) => p.split(':')[0])).toEqual(['MQTT_ALLOW_ANONYMOUS', 'MQTT_ANONYMOUS_ROLE', 'HTTPS_PORT']);
  });
});
