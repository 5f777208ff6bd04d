import { isUtf8 } from 'node:buffer';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DecryptionError, KeyFormatError } from '../errors';
import { AES_SECRET_BYTES, parseAesSecret } from './aes-secret';
import { decodeBase64Loose, toUrlSafeBase64 } from './base64';

/** board-protocol §4.1: the only algorithm the board has. */
const ALGORITHM = 'aes-128-cbc';
const BLOCK_BYTES = 16;

/**
 * The board's payload encryption (board-protocol §4.1): AES-128-CBC, PKCS#7 padding, one static IV for
 * every message, ciphertext as base64 text. Immutable; one instance per board key can be shared.
 * There is no MAC (§4.5), so a wrong key is detected only by broken padding or a result that is not
 * UTF-8 (and, for JSON modes, not JSON); about 1 in 256 wrong-key blocks still has valid padding.
 */
export class AesCodec {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  /** Strings go through parseAesSecret (ASCII, decimal or hex notation). @throws KeyFormatError */
  constructor(key: Buffer | string, iv: Buffer | string) {
    this.key = toSecret(key, 'key');
    this.iv = toSecret(iv, 'IV');
  }

  /** Encrypts UTF-8 text; returns standard base64, as the board sends it. */
  encrypt(plain: string): string {
    const cipher = createCipheriv(ALGORITHM, this.key, this.iv);
    return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  }

  /** Same ciphertext as `encrypt`, in URL-safe base64 without padding (`$aesBase64Url()`, §2.4). */
  encryptUrlSafe(plain: string): string {
    return toUrlSafeBase64(this.encrypt(plain));
  }

  /**
   * Decrypts base64 ciphertext (standard or URL-safe, padded or not, percent-encoded or not) to text.
   * @throws DecryptionError for bad base64, a wrong key/IV, broken padding or a non-UTF-8 result; never
   * anything else.
   */
  decrypt(b64: string): string {
    if (typeof b64 !== 'string') throw new DecryptionError('ciphertext is not a string');
    const data = decodeBase64Loose(b64);
    if (data.length === 0 || data.length % BLOCK_BYTES !== 0) {
      throw new DecryptionError(`ciphertext of ${data.length} bytes is not a whole number of AES blocks`);
    }
    const plain = this.decipher(data);
    if (!isUtf8(plain)) throw new DecryptionError('plaintext is not UTF-8 (wrong key or IV?)');
    return plain.toString('utf8');
  }

  private decipher(data: Buffer): Buffer {
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, this.iv);
      return Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      // OpenSSL reports only "bad decrypt"; saying more would not help and could help a padding oracle (§4.5).
      throw new DecryptionError('bad padding (wrong key or IV?)');
    }
  }
}

function toSecret(value: Buffer | string, what: string): Buffer {
  if (typeof value === 'string') return parseAesSecret(value);
  if (!Buffer.isBuffer(value) || value.length !== AES_SECRET_BYTES) {
    throw new KeyFormatError(`${what} must be ${AES_SECRET_BYTES} bytes`);
  }
  return Buffer.from(value);
}
