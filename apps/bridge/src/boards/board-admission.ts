import { timingSafeEqual } from 'node:crypto';
import { type AesCodec, BoardProtocolError } from '@board-bridge/board-protocol';
import { type BoardDirectory, secretDigest } from './board-directory';
import { staleAge } from './freshness';

/** Why a board message was refused; each is a `kind` of `bridge_bad_input_total`. */
export type RefusalKind = 'not-allowed' | 'transport-not-allowed' | 'plaintext' | 'wrong-key' | 'bad-secret' | 'stale';

/** A message the board registry's policy refuses: the sender's fault, dropped and counted, never retried. */
export class BoardRefusedError extends BoardProtocolError {
  readonly fault = 'input' as const;
  constructor(readonly kind: RefusalKind, message: string) {
    super(message);
  }
}

export interface AdmissionInput {
  devId: string;
  transport: 'tcp' | 'http';
  raw: Record<string, unknown>;
  /** The key that decrypted the message; undefined when it arrived in plaintext. */
  codec?: AesCodec;
  /** HTTP only: the secret the request carried in its URL or headers, if any. */
  secret?: string;
}

/**
 * The registry's rules for one board message (issue 6, docs/security-boards.md), in order: who may talk
 * (allowlist, transports), how (encryption, whose key, the upload secret), and when (freshness). Checked
 * before a message identifies a TCP session, so a refused one can neither open nor displace a session.
 */
export class BoardAdmission {
  constructor(private readonly boards: BoardDirectory, private readonly freshnessWindowSec: number,
    private readonly clock: () => number = Date.now) {}

  check(m: AdmissionInput): BoardRefusedError | undefined {
    return this.who(m) ?? this.how(m) ?? this.when(m);
  }

  private who(m: AdmissionInput): BoardRefusedError | undefined {
    if (!this.boards.allowed(m.devId)) return new BoardRefusedError('not-allowed', 'board is not in the allowlist');
    if (this.boards.transportAllowed(m.devId, m.transport)) return undefined;
    return new BoardRefusedError('transport-not-allowed', `the registry does not allow this board over ${m.transport.toUpperCase()}`);
  }

  private how(m: AdmissionInput): BoardRefusedError | undefined {
    const p = this.boards.profile(m.devId);
    if (!m.codec && p.requireEncryption) {
      return new BoardRefusedError('plaintext', 'plaintext message from a board that requires encryption');
    }
    // board-protocol §4.5: the key is the board's only credential; another board's key proves nothing.
    if (m.codec && m.codec !== p.aes && (p.aes || p.requireEncryption)) {
      return new BoardRefusedError('wrong-key', 'message encrypted with a key that is not the board\'s own');
    }
    if (m.transport === 'http' && p.uploadSecretDigest && !secretMatches(m.secret, p.uploadSecretDigest)) {
      return new BoardRefusedError('bad-secret', m.secret === undefined ? 'upload without the board\'s secret'
        : 'upload with a wrong secret');
    }
    return undefined;
  }

  /** Only for encrypted messages: a plaintext one can be forged with any time, so its time proves nothing. */
  private when(m: AdmissionInput): BoardRefusedError | undefined {
    if (!m.codec) return undefined;
    const p = this.boards.profile(m.devId);
    const age = staleAge(m.raw, { windowSec: this.freshnessWindowSec, aliases: p.aliases, timeZone: p.timeZone },
      this.clock());
    if (age === undefined) return undefined;
    return new BoardRefusedError('stale', `message time is ${Math.round(age / 1000)} s old, more than the freshness window`);
  }
}

function secretMatches(given: string | undefined, expected: Buffer): boolean {
  return given !== undefined && timingSafeEqual(secretDigest(given), expected);
}
