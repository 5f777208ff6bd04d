import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parsePasswordHash, verifyPassword } from '../apps/bridge/src/mqtt/auth/password-hash';

const ROOT = join(__dirname, '..');

/** `npm run -s hash-password`: the password comes on stdin, the hash for MQTT_USERS_FILE goes to stdout. */
function hashPasswordCli(stdin: string, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/bridge/src/cli/hash-password.ts', ...args],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe('hash-password command', () => {
  it('prints a scrypt hash of the password read from stdin, without its trailing newline', async () => {
    const { code, out } = await hashPasswordCli('s3cret pass\n');
    expect(code).toBe(0);
    const hash = parsePasswordHash(out.trim());
    expect(out).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$\S+\n$/);
    await expect(verifyPassword('s3cret pass', hash!)).resolves.toBe(true);
    await expect(verifyPassword('s3cret pass\n', hash!)).resolves.toBe(false);
  });

  it('takes --ln for another cost and refuses an empty password or a bad cost', async () => {
    expect((await hashPasswordCli('pw', ['--ln', '12'])).out).toMatch(/^\$scrypt\$ln=12,/);
    expect(await hashPasswordCli('\n')).toMatchObject({ code: 2, out: '', err: expect.stringContaining('empty') });
    expect(await hashPasswordCli('pw', ['--ln', '40'])).toMatchObject({ code: 2, err: expect.stringContaining('--ln') });
  });
});
