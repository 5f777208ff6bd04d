/**
 * Where a board's `/ctrl` API lives, from the registry's `ctrl.url` (board-protocol §1.5, §3.1).
 * Accepted forms: `http://ip`, `http://ip/`, `http://ip:38585`, `http://ip/ctrl`, `http://proxy/board7/`
 * (→ `/board7/ctrl`). A query, fragment or user info in the configured URL is refused.
 */

/** §1.5 / §6 contradiction 2: newer pages and every third-party client use 80, v1 pages 38585. */
export const DEFAULT_CTRL_PORTS: readonly number[] = [80, 38585];

export interface CtrlEndpoint {
  /** `http:` or `https:`. */
  protocol: string;
  /** Host as it goes into an origin (IPv6 keeps its brackets). */
  hostname: string;
  /** The port written in the configured URL; undefined when it had none (then the default ports apply). */
  explicitPort?: number;
  /** Path of the API, always ending in `/ctrl`. */
  path: string;
}

/** Scheme, optional user info, host (bracketed IPv6 or name), then the port digits as written. */
const AUTHORITY = /^https?:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:]*)(?::([0-9]*))?/i;

/**
 * Parses the configured URL. WHATWG URL drops a default port (`http://ip:80` has `port === ''`), so the
 * explicit port is read from the text itself: `:80` written out means "only 80, no fallback".
 * @returns the endpoint, or a reason why the URL cannot be used (never echoing the URL itself)
 */
export function parseCtrlUrl(raw: string): CtrlEndpoint | { invalid: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { invalid: 'ctrl url is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { invalid: 'ctrl url must be http:// or https://' };
  if (url.search !== '' || url.hash !== '') return { invalid: 'ctrl url must not have a query or fragment' };
  if (url.username !== '' || url.password !== '') return { invalid: 'ctrl url must not carry user info' };
  const written = AUTHORITY.exec(raw)?.[1];
  const explicitPort = written ? Number(written) : undefined;
  return { protocol: url.protocol, hostname: url.hostname, explicitPort, path: ctrlPath(url.pathname) };
}

/** `/` → `/ctrl`, `/ctrl/` → `/ctrl`, `/x/` → `/x/ctrl`. */
function ctrlPath(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  return /\/ctrl$/i.test(trimmed) ? trimmed : `${trimmed}/ctrl`;
}

/**
 * Ports to try, in order: the explicit one only; else for http the remembered working port first, then
 * the defaults (§1.5: "try 80 first, then 38585"); https without a port is 443 (no board default known).
 */
export function candidatePorts(ep: CtrlEndpoint, defaults: readonly number[], remembered?: number): number[] {
  if (ep.explicitPort !== undefined) return [ep.explicitPort];
  if (ep.protocol === 'https:') return [443];
  const rest = defaults.filter((p) => p !== remembered);
  return remembered === undefined ? rest : [remembered, ...rest];
}

export function originOf(ep: CtrlEndpoint, port: number): string {
  return `${ep.protocol}//${ep.hostname}:${port}`;
}

/** Key under which the working default port of a host is remembered. */
export function hostKey(ep: CtrlEndpoint): string {
  return `${ep.protocol}//${ep.hostname}`;
}

/**
 * The URL as it may appear in errors and logs: origin, path, `cmd` and `tid` as sent; the token and every
 * positional value (SMS text is sendsms p3, TTS text teldial p4, …) replaced by `***`.
 */
export function redactedCtrlUrl(origin: string, path: string, query: Record<string, string>): string {
  const parts = Object.keys(query).map((key) => (key === 'cmd' || key === 'tid'
    ? `${key}=${encodeURIComponent(query[key])}`
    : `${key}=***`));
  return `${origin}${path}?${parts.join('&')}`;
}

/**
 * The query string for the board: UTF-8 percent-encoding (§1.5). URLSearchParams writes a space as `+`,
 * which only form decoders read as a space; `%20` is unambiguous (a literal `+` is already `%2B`).
 */
export function encodeCtrlQuery(query: Record<string, string>): string {
  return new URLSearchParams(query).toString().replace(/\+/g, '%20');
}
