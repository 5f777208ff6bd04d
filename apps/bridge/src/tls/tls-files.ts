import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

export interface TlsFiles {
  keyFile: string;
  certFile: string;
}

/**
 * The board accepts TLS 1.2 and nothing else (board-protocol §1.3: "v1.1 or v1.3 are not supported"), so
 * the HTTPS listener offers exactly that version.
 */
export const BOARD_TLS_VERSIONS = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } as const;

/**
 * Reads a PEM private key and certificate (chain) and checks that they belong together, at start, so a
 * wrong path or a mismatched pair stops the bridge with a message naming the setting.
 * @throws Error naming `<prefix>_KEY_FILE` / `<prefix>_CERT_FILE`.
 */
export function readTlsFiles(files: TlsFiles, prefix: string): Pick<SecureContextOptions, 'key' | 'cert'> {
  const key = readPem(files.keyFile, `${prefix}_KEY_FILE`);
  const cert = readPem(files.certFile, `${prefix}_CERT_FILE`);
  try {
    createSecureContext({ key, cert });
  } catch (err) {
    throw new Error(`${prefix}_KEY_FILE ${files.keyFile} and ${prefix}_CERT_FILE ${files.certFile}: `
      + `${(err as Error).message}`, { cause: err });
  }
  return { key, cert };
}

function readPem(path: string, setting: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${setting} ${path}: ${(err as Error).message}`, { cause: err });
  }
}
