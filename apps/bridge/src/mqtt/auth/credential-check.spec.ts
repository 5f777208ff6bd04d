import { CredentialCheck, type MqttUser } from './credential-check';
import { hashPassword, parsePasswordHash, verifyPassword } from './password-hash';

const CHEAP = { ln: 10, r: 8, p: 1 };

async function users(entries: Record<string, string>): Promise<Map<string, MqttUser>> {
  const map = new Map<string, MqttUser>();
  for (const [name, password] of Object.entries(entries)) {
    map.set(name, { principal: { name, role: 'reader' }, hash: parsePasswordHash(await hashPassword(password, CHEAP))! });
  }
  return map;
}

describe('CredentialCheck', () => {
  it('accepts the right password and refuses a wrong one or an unknown user alike', async () => {
    const check = new CredentialCheck(await users({ ann: 'pw-ann' }));
    await expect(check.check('ann', Buffer.from('pw-ann'))).resolves.toEqual({ ok: true,
      principal: { name: 'ann', role: 'reader' } });
    await expect(check.check('ann', Buffer.from('nope'))).resolves.toEqual({ ok: false, reason: 'bad-credentials' });
    await expect(check.check('bob', Buffer.from('pw-ann'))).resolves.toEqual({ ok: false, reason: 'bad-credentials' });
  });

  it('runs scrypt for an unknown user too, so timing does not reveal names', async () => {
    const verify = jest.fn(verifyPassword);
    const check = new CredentialCheck(await users({ ann: 'pw' }), { verify });
    await check.check('nobody', Buffer.from('x'));
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('remembers a verified password, and only that one', async () => {
    const verify = jest.fn(verifyPassword);
    const check = new CredentialCheck(await users({ ann: 'pw' }), { verify });
    await check.check('ann', Buffer.from('pw'));
    await check.check('ann', Buffer.from('pw'));
    expect(verify).toHaveBeenCalledTimes(1);
    await expect(check.check('ann', Buffer.from('pw2'))).resolves.toMatchObject({ ok: false });
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('refuses as busy beyond its queue, and serves the rest', async () => {
    const check = new CredentialCheck(await users({ ann: 'pw' }), { concurrency: 1, queueLimit: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => check.check('ann', Buffer.from(`x${i}`))));
    expect(results.filter((r) => !r.ok && r.reason === 'busy')).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.reason === 'bad-credentials')).toHaveLength(3);
    await expect(check.check('ann', Buffer.from('pw'))).resolves.toMatchObject({ ok: true });
  });
});
