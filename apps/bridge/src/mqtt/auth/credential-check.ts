import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_SCRYPT_COST, type PasswordHash, parsePasswordHash, verifyPassword } from './password-hash';
import type { MqttPrincipal } from './topic-acl';

export interface MqttUser {
  principal: MqttPrincipal;
  hash: PasswordHash;
}

export type CredentialResult =
  | { ok: true; principal: MqttPrincipal }
  | { ok: false; reason: 'bad-credentials' | 'busy' };

export interface CredentialCheckOptions {
  /** scrypt runs on libuv's pool (4 threads by default, shared with fs and dns): at most this many at once. */
  concurrency?: number;
  /** Checks waiting beyond this are refused as `busy` (CONNACK "server unavailable"): a connect flood costs no more. */
  queueLimit?: number;
  /** The password check (tests count calls). */
  verify?: typeof verifyPassword;
}

/**
 * Checks a user name and password against MQTT_USERS_FILE. scrypt is slow on purpose, so: a bounded number
 * of checks run at once and a bounded number wait; a password once verified is remembered as an HMAC under
 * a key that lives only in this process, so reconnects cost nothing; an unknown user costs one scrypt like a
 * known one, so timing does not tell which names exist.
 */
export class CredentialCheck {
  private readonly cacheKey = randomBytes(32);
  private readonly verified = new Map<string, Buffer>();
  private readonly decoy: PasswordHash;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly queueLimit: number;
  private readonly verify: typeof verifyPassword;

  constructor(private readonly users: ReadonlyMap<string, MqttUser>, opts: CredentialCheckOptions = {}) {
    this.concurrency = opts.concurrency ?? 2;
    this.queueLimit = opts.queueLimit ?? 64;
    this.verify = opts.verify ?? verifyPassword;
    // same cost as a default hash: an unknown name takes as long as a wrong password
    const decoy = `$scrypt$ln=${DEFAULT_SCRYPT_COST.ln},r=${DEFAULT_SCRYPT_COST.r},p=${DEFAULT_SCRYPT_COST.p}$`
      + `${randomBytes(16).toString('base64').replace(/=+$/, '')}$${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    this.decoy = parsePasswordHash(decoy) as PasswordHash;
  }

  async check(username: string, password: Buffer): Promise<CredentialResult> {
    const user = this.users.get(username);
    const mac = createHmac('sha256', this.cacheKey).update(username).update('\u0000').update(password).digest();
    const known = this.verified.get(username);
    if (user && known && timingSafeEqual(known, mac)) return { ok: true, principal: user.principal };
    const good = await this.inTurn(() => this.verify(password, user?.hash ?? this.decoy));
    if (good === 'busy') return { ok: false, reason: 'busy' };
    if (!user || !good) return { ok: false, reason: 'bad-credentials' };
    this.verified.set(username, mac);
    return { ok: true, principal: user.principal };
  }

  /** Runs `work` when one of `concurrency` slots is free; 'busy' when `queueLimit` are waiting already. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.queueLimit) return 'busy';
      // the finishing check hands its slot over, so `running` stays as it is
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
