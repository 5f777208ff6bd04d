import { createHash } from 'node:crypto';
import { AesCodec } from '@board-bridge/board-protocol';
import { boardSettings, type BridgeConfig } from '../config';

export interface BoardProfile {
  devId: string;
  listed: boolean;
  name?: string;
  aes?: AesCodec;
  timeZone: number;
  aliases?: Record<string, string>;
  pingIntervalSec: number;
  transports: ReadonlyArray<'tcp' | 'http'>;
  /** The board's LAN control API (board-protocol §1.5), for boards that report over HTTP. */
  ctrl?: { url: string; password?: string; token?: string };
  /** Plaintext from this board, or ciphertext under another board's key, is refused (board-protocol §4.5). */
  requireEncryption: boolean;
  /** sha256 of the board's upload secret, for a constant-time comparison; undefined: none required. */
  uploadSecretDigest?: Buffer;
}

/**
 * What the bridge knows about each board from the registry file (BOARDS_FILE), resolved once per board
 * and cached: AES codecs are built once, not per message.
 */
export class BoardDirectory {
  private readonly profiles = new Map<string, BoardProfile>();
  /**
   * Every configured key once, built at start: encrypted input arriving before its board is known tries
   * these. A profile holds the same instance, so `codec === profile.aes` tells whose key decrypted a message.
   */
  private readonly codecByKey = new Map<string, AesCodec>();
  private readonly allCodecs: readonly AesCodec[];

  constructor(private readonly config: BridgeConfig) {
    for (const b of [config.registry.defaults ?? {}, ...Object.values(config.registry.boards)]) {
      this.codecFor(b.aesKey, b.aesIv);
    }
    this.allCodecs = [...this.codecByKey.values()];
  }

  profile(devId: string): BoardProfile {
    let p = this.profiles.get(devId);
    if (!p) {
      p = this.build(devId);
      // Unlisted ids come from the network: do not let a flood of random ids grow the cache without bound.
      if (p.listed || this.profiles.size < 100_000) this.profiles.set(devId, p);
    }
    return p;
  }

  /** Silence after which a board counts as offline: 3 × ping interval + slack (bridge-contract §2). */
  livenessMs(devId: string): number {
    return (3 * this.profile(devId).pingIntervalSec + this.config.LIVENESS_SLACK_SEC) * 1000;
  }

  /** board-protocol §1.4 / allowlist: may this board talk to us at all? */
  allowed(devId: string): boolean {
    return !this.config.allowlist || Object.hasOwn(this.config.registry.boards, devId);
  }

  /** The registry's `transports` for the board: a board set to `[http]` may not open a TCP session. */
  transportAllowed(devId: string, transport: 'tcp' | 'http'): boolean {
    return this.profile(devId).transports.includes(transport);
  }

  /** The AES codecs to try for an upload whose board is not known yet: every configured key, once. */
  codecs(): readonly AesCodec[] {
    return this.allCodecs;
  }

  private build(devId: string): BoardProfile {
    const s = boardSettings(this.config, devId);
    const aes = this.codecFor(s.aesKey, s.aesIv);
    return {
      devId, listed: s.listed, name: s.name, aes, aliases: s.aliases,
      timeZone: s.timeZone ?? this.config.BOARD_TIME_ZONE,
      pingIntervalSec: s.pingIntervalSec ?? this.config.PING_INTERVAL_SEC,
      transports: s.transports ?? ['tcp', 'http'], ctrl: s.ctrl,
      requireEncryption: s.requireEncryption === true,
      uploadSecretDigest: s.uploadSecret === undefined ? undefined : secretDigest(s.uploadSecret),
    };
  }

  private codecFor(key: string | undefined, iv: string | undefined): AesCodec | undefined {
    if (!key || !iv) return undefined;
    const id = `${key}\u0000${iv}`;
    let codec = this.codecByKey.get(id);
    if (!codec) this.codecByKey.set(id, (codec = new AesCodec(key, iv)));
    return codec;
  }
}

/** Equal-length digests, so comparing them with timingSafeEqual leaks nothing about the secret. */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
