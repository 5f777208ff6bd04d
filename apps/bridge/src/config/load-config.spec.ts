import { ConfigError } from './config-error';
import { boardSettings, loadConfig } from './load-config';

const files = (content: Record<string, string>) => (path: string) => {
  if (!(path in content)) throw new Error(`ENOENT: no such file ${path}`);
  return content[path];
};

describe('loadConfig', () => {
  it('gives a complete single-instance bridge with no settings (bridge-contract §1)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ TCP_PORT: 6888, HTTP_PORT: 8080, MQTT_PORT: 1883, MQTT_BASE_TOPIC: 'boards',
      mqttMode: 'embedded', allowlist: false, BOARD_TIME_ZONE: 8, PING_INTERVAL_SEC: 110 });
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.BRIDGE_INSTANCE_ID).toMatch(/-\d+$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('switches to the external broker when MQTT_URL is set', () => {
    const c = loadConfig({ MQTT_URL: 'mqtt://broker:1883', MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' });
    expect(c.mqttMode).toBe('external');
    expect(c.MQTT_USERNAME).toBe('u');
  });

  it('reports every bad setting at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig({ TCP_PORT: 'abc', HTTP_PORT: '70000', MQTT_URL: 'http://x', MQTT_BASE_TOPIC: 'a/#',
        LOG_LEVEL: 'loud', BOARD_ALLOWLIST: 'maybe' });
    } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['TCP_PORT', 'HTTP_PORT', 'MQTT_URL', 'MQTT_BASE_TOPIC', 'LOG_LEVEL', 'BOARD_ALLOWLIST']) {
      expect(problems).toContain(name);
    }
  });

  it('reads a YAML board registry and overlays per-board settings on the defaults', () => {
    const yaml = [
      'allowlist: true',
      'defaults: { timeZone: 8 }',
      'boards:',
      '  "498060912345": { name: office, timeZone: 9, aesKey: "1234567890123456", aesIv: "6543210987654321" }',
    ].join('\n');
    const c = loadConfig({ BOARDS_FILE: '/etc/boards.yaml' }, files({ '/etc/boards.yaml': yaml }));
    expect(c.allowlist).toBe(true);
    expect(boardSettings(c, '498060912345')).toMatchObject({ name: 'office', timeZone: 9, listed: true });
    expect(boardSettings(c, 'other')).toEqual({ timeZone: 8, listed: false });
  });

  it('reads a JSON registry and reports its bad entries together with bad env settings', () => {
    const json = JSON.stringify({ boards: { 'a/b': {}, ok: { aesKey: 'k' }, x: { pingIntervalSec: 1 } } });
    let error: unknown;
    try {
      loadConfig({ BOARDS_FILE: '/b.json', TCP_PORT: '-1' }, files({ '/b.json': json }));
    } catch (err) { error = err; }
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('TCP_PORT'))).toBe(true);
    expect(problems.some((p) => p.includes('aesKey and aesIv go together'))).toBe(true);
    expect(problems.some((p) => p.includes('pingIntervalSec'))).toBe(true);
    expect(problems.some((p) => p.includes('board id'))).toBe(true);
  });

  it('refuses AES keys and IVs that are not 16 bytes in one of the board notations (board-protocol §4.1)', () => {
    const json = JSON.stringify({ boards: {
      good: { aesKey: '49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54', aesIv: '0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,0x31,0x32,0x33,0x34,0x35,0x36' },
      short: { aesKey: 'tooshort', aesIv: '1234567890123456' },
      bytes: { aesKey: '1234567890123456', aesIv: '1,2,3' },
    } });
    let error: unknown;
    try {
      loadConfig({ BOARDS_FILE: '/k.json' }, files({ '/k.json': json }));
    } catch (err) { error = err; }
    const problems = (error as ConfigError).problems;
    expect(problems.filter((p) => p.includes('aes'))).toHaveLength(2);
    expect(problems.some((p) => p.includes('boards.short.aesKey'))).toBe(true);
    expect(problems.some((p) => p.includes('boards.bytes.aesIv'))).toBe(true);
    expect(problems.join('\n')).not.toContain('tooshort');
  });

  it('names the file when BOARDS_FILE cannot be read or parsed', () => {
    expect(() => loadConfig({ BOARDS_FILE: '/missing.yaml' }, files({}))).toThrow(/BOARDS_FILE \/missing.yaml: ENOENT/);
    expect(() => loadConfig({ BOARDS_FILE: '/bad.json' }, files({ '/bad.json': '{' }))).toThrow(/BOARDS_FILE \/bad.json/);
  });
});
