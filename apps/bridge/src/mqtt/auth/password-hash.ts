import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes of the embedded broker's users (MQTT_USERS_FILE): scrypt in the PHC string format
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding), so the cost travels with each hash and can
 * be raised for new hashes without touching old ones. Plaintext never appears in the file.
 */
export interface ScryptCost {
  /** log2 of N, the CPU/memory cost: memory = 128 × 2^ln × r bytes (ln 15, r 8 → 32 MiB). */
  ln: number;
  r: number;
  p: number;
}

export interface PasswordHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

/** ~32 MiB and tens of milliseconds per check: costly to brute-force, cheap enough for MQTT connects. */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ ln: 15, r: 8, p: 1 });
/** Bounds a hash may ask for, so a typo in the file cannot make each connect take gigabytes or minutes. */
export const SCRYPT_LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{22,88})$/;

/** Parses a hash string; null when it is not one (e.g. a plaintext password pasted by mistake). */
export function parsePasswordHash(text: string): PasswordHash | null {
  const m = typeof text === 'string' ? FORMAT.exec(text) : null;
  if (!m) return null;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!withinLimits(cost)) return null;
  const salt = Buffer.from(m[4], 'base64');
  const hash = Buffer.from(m[5], 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { cost, salt, hash };
}

export function withinLimits(cost: ScryptCost): boolean {
  return (Object.keys(SCRYPT_LIMITS) as (keyof ScryptCost)[]).every((k) => {
    const [min, max] = SCRYPT_LIMITS[k];
    return Number.isInteger(cost[k]) && cost[k] >= min && cost[k] <= max;
  });
}

export function formatPasswordHash({ cost, salt, hash }: PasswordHash): string {
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(hash)}`;
}

/** A new hash string with a random salt. */
export async function hashPassword(password: string | Buffer, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  if (!withinLimits(cost)) throw new RangeError(`scrypt cost out of bounds: ${JSON.stringify(cost)}`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(toBuffer(password), salt, cost, HASH_BYTES);
  return formatPasswordHash({ cost, salt, hash });
}

/** Constant-time comparison of the derived key with the stored one. */
export async function verifyPassword(password: string | Buffer, stored: PasswordHash): Promise<boolean> {
  const derived = await derive(toBuffer(password), stored.salt, stored.cost, stored.hash.length);
  return timingSafeEqual(derived, stored.hash);
}

function derive(password: Buffer, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  // node refuses anything above maxmem (32 MiB by default), which ln 15 / r 8 already reaches
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function toBuffer(password: string | Buffer): Buffer {
  return typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
}
