export { AesCodec } from './aes-codec';
export { AES_SECRET_BYTES, parseAesSecret } from './aes-secret';
export { decodeBase64Loose, toUrlSafeBase64 } from './base64';
export { decryptEnvelope, decryptJsonObject, encryptEnvelope, isEncryptedEnvelope } from './envelope';
export type { EncryptedEnvelope } from './envelope';
export { decryptFormFields, encryptFormFields } from './form-fields';
