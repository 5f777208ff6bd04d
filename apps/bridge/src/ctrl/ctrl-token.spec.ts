import { ctrlTarget, ctrlToken } from './ctrl-token';

describe('ctrlToken (board-protocol §1.5)', () => {
  it('uses a configured token as given, before any password', () => {
    expect(ctrlToken({ token: '0123456789abcdef0123456789abcdef', password: 'x' })).toBe('0123456789abcdef0123456789abcdef');
  });

  it('derives md5("admin|" + password) otherwise', () => {
    expect(ctrlToken({ password: 'admin' })).toBe('3f4bffa77257d243875d0a5a80635934');
    expect(ctrlToken({ password: 'secret' })).toMatch(/^[0-9a-f]{32}$/);
  });

  it('falls back to the factory password "admin" when neither is configured', () => {
    expect(ctrlTarget({ url: 'http://b' })).toEqual({ url: 'http://b', token: '3f4bffa77257d243875d0a5a80635934' });
  });
});
