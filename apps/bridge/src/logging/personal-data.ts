/**
 * Phone numbers and SMS text are personal data (issue 6 "Privacy"): masked in logs at info level and
 * in the read-only HTTP API, never metric labels. Field names cover the board's raw fields (board-protocol
 * §2.3: `phNum`, `smsBd`, `msIsdn`), the event data (bridge-contract §3: `from`, `text`, `number`,
 * `msisdn`, `target`) and command parameters (§4: `to`, `text`, `tts`).
 */
const NUMBER_FIELDS: ReadonlySet<string> = new Set(['phNum', 'msIsdn', 'msisdn', 'from', 'number', 'phone', 'telNum']);
/** Names other parts use for other things too (a forwarding rule's target URL): masked when they hold a number. */
const MAYBE_NUMBER_FIELDS: ReadonlySet<string> = new Set(['to', 'target']);
const LOOKS_LIKE_NUMBER = /^\+?[\d\s().*-]{3,}$/;
const TEXT_FIELDS: ReadonlySet<string> = new Set(['smsBd', 'text', 'tts', 'body', 'content']);
/** Deeper than any log record or API answer of ours; a deeper value is replaced rather than walked. */
const MAX_DEPTH = 8;

/** Keeps the last 4 digits, enough to tell numbers apart in an incident, not to dial them. */
export function maskNumber(n: unknown): string {
  const s = typeof n === 'string' || typeof n === 'number' ? String(n) : '';
  return s.length <= 4 ? '****' : `${'*'.repeat(Math.min(s.length - 4, 8))}${s.slice(-4)}`;
}

/** Only the length of a text survives. */
export function maskText(t: unknown): string {
  return typeof t === 'string' ? `[${[...t].length} chars]` : '[masked]';
}

/** Credentials: never shown, at any level (the registry's ctrl password, AES material, tokens). */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password', 'aesKey', 'aesIv', 'uploadSecret', 'token', 'secret', 'authorization',
]);

/**
 * A copy of `value` with every number and text field masked and every secret redacted, at any depth.
 * Only plain objects and arrays are walked: class instances (errors, buffers, dates) are left to their
 * serialisers.
 */
export function maskPersonal<T>(value: T): T {
  return walk(value, 0, true);
}

/** A copy of `value` with only the secrets redacted (log levels where personal data may show). */
export function redactSecrets<T>(value: T): T {
  return walk(value, 0, false);
}

function walk<T>(value: T, depth: number, personal: boolean): T {
  if (Array.isArray(value)) {
    return (depth >= MAX_DEPTH ? '[nested]' : value.map((v) => walk(v, depth + 1, personal))) as T;
  }
  if (!isPlainObject(value)) return value;
  if (depth >= MAX_DEPTH) return '[nested]' as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = maskField(key, v, depth + 1, personal);
  return out as T;
}

function maskField(key: string, v: unknown, depth: number, personal: boolean): unknown {
  if (v === null || v === undefined || v === '') return v;
  if (SECRET_FIELDS.has(key)) return '[redacted]';
  if (personal && (typeof v === 'string' || typeof v === 'number') && (NUMBER_FIELDS.has(key)
    || (MAYBE_NUMBER_FIELDS.has(key) && LOOKS_LIKE_NUMBER.test(String(v))))) return maskNumber(v);
  if (personal && TEXT_FIELDS.has(key) && typeof v === 'string') return maskText(v);
  return walk(v, depth, personal);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A reason safe to log: JSON.parse quotes the input it choked on (`"{"phNum":"138…" is not valid
 * JSON`), which can hold a number or an SMS. Everything between the first and the last double quote goes.
 */
export function safeReason(message: string): string {
  const first = message.indexOf('"');
  const last = message.lastIndexOf('"');
  const cut = first >= 0 && last > first ? `${message.slice(0, first)}"…"${message.slice(last + 1)}` : message;
  return cut.length > 200 ? `${cut.slice(0, 199)}…` : cut;
}
