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
}

/**
 * What the bridge knows about each board from the registry file (BOARDS_FILE), resolved once per board
 * and cached: AES codecs are built once, not per message.
 */
export class BoardDirectory {
  private readonly profiles = new Map<string, BoardProfile>();
  private readonly defaultAes?: AesCodec;

  constructor(private readonly config: BridgeConfig) {
    const d = config.registry.defaults;
    if (d?.aesKey && d.aesIv) this.defaultAes = new AesCodec(d.aesKey, d.aesIv);
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
    return !this.config.allowlist || this.config.registry.boards[devId] !== undefined;
  }

  /** The AES codecs to try for an upload whose board is not known yet: every configured key, once. */
  codecs(): AesCodec[] {
    const list = Object.keys(this.config.registry.boards).map((id) => this.profile(id).aes)
      .filter((c): c is AesCodec => c !== undefined);
    return this.defaultAes ? [this.defaultAes, ...list] : list;
  }

  private build(devId: string): BoardProfile {
    const s = boardSettings(this.config, devId);
    const aes = s.aesKey && s.aesIv ? new AesCodec(s.aesKey, s.aesIv) : undefined;
    return {
      devId, listed: s.listed, name: s.name, aes, aliases: s.aliases,
      timeZone: s.timeZone ?? this.config.BOARD_TIME_ZONE,
      pingIntervalSec: s.pingIntervalSec ?? this.config.PING_INTERVAL_SEC,
      transports: s.transports ?? ['tcp', 'http'],
    };
  }
}
