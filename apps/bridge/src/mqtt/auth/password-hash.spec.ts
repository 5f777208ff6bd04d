import { formatPasswordHash, hashPassword, parsePasswordHash, verifyPassword } from './password-hash';

/** Low cost keeps the specs fast; the format and the checks are the same at any cost. */
const CHEAP = { ln: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('hashes in the PHC format and verifies the right password only', async () => {
    const text = await hashPassword('correct horse', CHEAP);
    expect(text).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parsePasswordHash(text);
    expect(parsed).not.toBeNull();
    await expect(verifyPassword('correct horse', parsed!)).resolves.toBe(true);
    await expect(verifyPassword(Buffer.from('correct horse'), parsed!)).resolves.toBe(true);
    await expect(verifyPassword('correct horsf', parsed!)).resolves.toBe(false);
    await expect(verifyPassword('', parsed!)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', CHEAP)).not.toBe(await hashPassword('same', CHEAP));
  });

  it('uses ln 15, r 8, p 1 by default, above node\'s default scrypt memory limit', async () => {
    const text = await hashPassword('x');
    expect(text.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    await expect(verifyPassword('x', parsePasswordHash(text)!)).resolves.toBe(true);
  });

  it('round-trips through format and parse', async () => {
    const parsed = parsePasswordHash(await hashPassword('p', CHEAP))!;
    expect(parsePasswordHash(formatPasswordHash(parsed))).toEqual(parsed);
  });

  it('refuses plaintext and malformed or unbounded hashes', () => {
    const salt = 'A'.repeat(22);
    const hash = 'B'.repeat(43);
    for (const bad of ['hunter2', '', `$scrypt$ln=15,r=8,p=1$${salt}`, `$scrypt$ln=9,r=8,p=1$${salt}$${hash}`,
      `$scrypt$ln=21,r=8,p=1$${salt}$${hash}`, `$scrypt$ln=15,r=0,p=1$${salt}$${hash}`,
      `$scrypt$ln=15,r=8,p=17$${salt}$${hash}`, `$scrypt$ln=15,r=8,p=1$${salt}$${hash}$`,
      `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${hash}`, `$scrypt$ln=15,r=8,p=1$${salt}$${'B'.repeat(10)}`]) {
      expect(parsePasswordHash(bad)).toBeNull();
    }
    expect(parsePasswordHash(`$scrypt$ln=15,r=8,p=1$${salt}$${hash}`)).not.toBeNull();
  });

  it('refuses to hash with a cost out of bounds', async () => {
    await expect(hashPassword('p', { ln: 30, r: 8, p: 1 })).rejects.toThrow(RangeError);
  });
});
