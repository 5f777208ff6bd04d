import { DecryptionError, FrameSyntaxError } from '../errors';
import { describeJsonValue, isPlainJsonObject, parseJsonValue } from '../framing/json-object';
import { AesCodec } from './aes-codec';

/** board-protocol §4.2: the JSON/TCP form of an encrypted message, `{"p":"<base64>"}`. */
export interface EncryptedEnvelope {
  p: string;
}

/** True for an object whose only key is `p` and whose `p` is a string (§4.2 JSON, GET `p=`, TCP). */
export function isEncryptedEnvelope(obj: unknown): obj is EncryptedEnvelope {
  if (!isPlainJsonObject(obj)) return false;
  const keys = Object.keys(obj);
  return keys.length === 1 && keys[0] === 'p' && typeof obj.p === 'string';
}

/**
 * Decrypts `{"p":"<base64>"}` to the message object inside (board-protocol §4.3 steps 2–4).
 * @throws DecryptionError when the object is not an envelope, `p` does not decrypt, or the plaintext is not
 * a JSON object (with no MAC, garbage plaintext is what a wrong key usually yields, §4.5).
 */
export function decryptEnvelope(obj: unknown, codec: AesCodec): Record<string, unknown> {
  if (!isEncryptedEnvelope(obj)) throw new DecryptionError('not an encrypted envelope {"p":"…"}');
  return decryptJsonObject(obj.p, codec);
}

/** Decrypts base64 ciphertext whose plaintext must be one JSON object (GET `p=`, POST JSON, TCP). */
export function decryptJsonObject(ciphertext: string, codec: AesCodec): Record<string, unknown> {
  const plain = codec.decrypt(ciphertext);
  let value: unknown;
  try {
    value = parseJsonValue(plain);
  } catch (err) {
    if (err instanceof FrameSyntaxError) throw new DecryptionError('plaintext is not JSON (wrong key or IV?)');
    throw err;
  }
  if (!isPlainJsonObject(value)) {
    throw new DecryptionError(`plaintext is ${describeJsonValue(value)}, not a JSON object`);
  }
  return value;
}

/** Encrypts a message as the board does for JSON and TCP (§4.2): compact JSON, then `{"p":…}`. */
export function encryptEnvelope(obj: object, codec: AesCodec): EncryptedEnvelope {
  return { p: codec.encrypt(JSON.stringify(obj)) };
}
