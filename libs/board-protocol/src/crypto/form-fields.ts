import { DecryptionError } from '../errors';
import { AesCodec } from './aes-codec';

/**
 * board-protocol §4.2 FORM mode: field names travel in clear and each value is encrypted on its own.
 * Returns a new object with every value decrypted (numbers come back as decimal strings, §4.3 step 4).
 * An empty value is kept as it is: AES output is never empty, so it cannot be ciphertext, and the
 * vendor's own GET example ends in a stray `&/` parameter with no value.
 * @throws DecryptionError naming the first field that does not decrypt.
 */
export function decryptFormFields(fields: Record<string, string>, codec: AesCodec): Record<string, string> {
  const entries = Object.entries(fields).map(([name, value]) => [name, decryptField(name, value, codec)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Encrypts every value on its own, names left in clear, as the board does in FORM mode (§4.2). */
export function encryptFormFields(fields: Record<string, string>, codec: AesCodec): Record<string, string> {
  const entries = Object.entries(fields).map(([name, value]) => [name, codec.encrypt(value)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

function decryptField(name: string, value: string, codec: AesCodec): string {
  if (value === '') return value;
  try {
    return codec.decrypt(value);
  } catch (err) {
    const reason = err instanceof DecryptionError ? err.reason : 'cannot decrypt';
    throw new DecryptionError(`field ${JSON.stringify(name.slice(0, 32))}: ${reason}`);
  }
}
