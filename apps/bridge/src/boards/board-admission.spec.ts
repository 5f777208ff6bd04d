import { AesCodec } from '@board-bridge/board-protocol';
import { loadConfig } from '../config';
import { BoardAdmission } from './board-admission';
import { BoardDirectory } from './board-directory';

const KEY_A = { aesKey: '1234567890123456', aesIv: '6543210987654321' };
const KEY_B = { aesKey: 'abcdefghijklmnop', aesIv: 'ponmlkjihgfedcba' };
const NOW = Date.UTC(2026, 0, 10);

function admission(registry: object, env: Record<string, string> = {}) {
  const config = loadConfig({ BOARDS_FILE: '/r.json', ...env }, () => JSON.stringify(registry));
  const boards = new BoardDirectory(config);
  return { boards, a: new BoardAdmission(boards, config.FRESHNESS_WINDOW_SEC, () => NOW) };
}

describe('BoardAdmission (issue 6)', () => {
  const { boards, a } = admission({ boards: {
    enc: { ...KEY_A, requireEncryption: true },
    keyed: { ...KEY_B },
    secret: { uploadSecret: 's3cret-s3cret-s3cret' },
  } });
  const codecA = boards.profile('enc').aes;
  const raw = { type: 998, cnt: 1 };

  it('refuses plaintext from a board that requires encryption, over both transports', () => {
    expect(a.check({ devId: 'enc', transport: 'tcp', raw })?.kind).toBe('plaintext');
    expect(a.check({ devId: 'enc', transport: 'http', raw })?.kind).toBe('plaintext');
    expect(a.check({ devId: 'enc', transport: 'tcp', raw, codec: codecA })).toBeUndefined();
    expect(a.check({ devId: 'plain', transport: 'tcp', raw })).toBeUndefined();
  });

  it('refuses a message for a keyed board decrypted with another key (board-protocol §4.5)', () => {
    expect(a.check({ devId: 'keyed', transport: 'tcp', raw, codec: codecA })?.kind).toBe('wrong-key');
    expect(a.check({ devId: 'enc', transport: 'tcp', raw, codec: new AesCodec(KEY_A.aesKey, KEY_A.aesIv) })?.kind)
      .toBe('wrong-key'); // not the directory's codec for that key: only a profile's own instance counts
    expect(a.check({ devId: 'keyed', transport: 'tcp', raw, codec: boards.profile('keyed').aes })).toBeUndefined();
    expect(a.check({ devId: 'unkeyed', transport: 'tcp', raw, codec: codecA })).toBeUndefined();
  });

  it('wants the board\'s upload secret on HTTP only', () => {
    expect(a.check({ devId: 'secret', transport: 'http', raw })?.message).toMatch(/without/);
    expect(a.check({ devId: 'secret', transport: 'http', raw, secret: 'wrong' })?.kind).toBe('bad-secret');
    expect(a.check({ devId: 'secret', transport: 'http', raw, secret: 's3cret-s3cret-s3cret' })).toBeUndefined();
    expect(a.check({ devId: 'secret', transport: 'tcp', raw })).toBeUndefined();
  });

  it('refuses encrypted messages older than the freshness window, never plaintext ones', () => {
    const old = { type: 501, smsTm: NOW - 86_400_001 };
    expect(a.check({ devId: 'enc', transport: 'tcp', raw: old, codec: codecA })?.kind).toBe('stale');
    expect(a.check({ devId: 'plain', transport: 'tcp', raw: old })).toBeUndefined();
    expect(a.check({ devId: 'enc', transport: 'tcp', raw: { ...old, smsTm: NOW - 1000 }, codec: codecA })).toBeUndefined();
  });

  it('checks the allowlist first', () => {
    const strict = admission({ allowlist: true, boards: { listed: {} } }).a;
    expect(strict.check({ devId: 'stranger', transport: 'tcp', raw })?.kind).toBe('not-allowed');
    expect(strict.check({ devId: 'listed', transport: 'http', raw })).toBeUndefined();
  });

  it('is a config error to require encryption without a key', () => {
    expect(() => admission({ boards: { x: { requireEncryption: true } } })).toThrow(/requireEncryption: needs aesKey/);
    expect(() => admission({ defaults: KEY_A, boards: { x: { requireEncryption: true } } })).not.toThrow();
  });
});
