import { KeyFormatError } from '../errors';
import { adminToken, halfToken } from './admin-token';

describe('board tokens (board-protocol §1.5)', () => {
  it('computes the documented token of the default password', () => {
    expect(adminToken('admin')).toBe('3f4bffa77257d243875d0a5a80635934');
  });

  // The vendor defines the half token as the middle 16 of the 32 characters (中间16位), i.e. token[8:24].
  // board-protocol.md §1.5 quotes 77257d243875d0a5 as the default's half token, which is token[7:23]: the
  // example is off by one against its own rule, so the rule wins here.
  it('takes the middle 16 characters as the half token', () => {
    expect(halfToken(adminToken('admin'))).toBe('7257d243875d0a5a');
    expect(halfToken('3F4BFFA77257D243875D0A5A80635934')).toBe('7257d243875d0a5a');
  });

  it('hashes the password as UTF-8 and gives 32 lowercase hex characters', () => {
    expect(adminToken('密码')).toMatch(/^[0-9a-f]{32}$/);
    expect(adminToken('密码')).not.toBe(adminToken('admin'));
    // md5("admin|"): the separator is hashed even for an empty password.
    expect(adminToken('')).toBe('798eb904e68d29dc9259ba4e8a1c2984');
  });

  it('refuses a half token of something that is not a token', () => {
    expect(() => halfToken('3f4bffa77257d243')).toThrow(KeyFormatError);
    expect(() => halfToken('zz4bffa77257d243875d0a5a80635934')).toThrow(KeyFormatError);
  });
});
