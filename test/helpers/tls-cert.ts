import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  dir: string;
  keyFile: string;
  certFile: string;
  /** The certificate, to trust as a CA in clients. */
  cert: Buffer;
  remove(): void;
}

/**
 * A throwaway self-signed RSA certificate for 127.0.0.1 and localhost, made with the openssl command line
 * (Debian's openssl package; node has no API that writes X.509 certificates).
 */
export function selfSignedCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'bb-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
      '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make a test certificate (apt-get install openssl): ${(err as Error).message}`);
  }
  return { dir, keyFile, certFile, cert: readFileSync(certFile), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
