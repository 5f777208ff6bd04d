/**
 * Where an upload's board id hint and secret come from. The board can put fixed text and `{{devId}}` in
 * its URL and extra headers (board-protocol §1.1, §1.2, §4.5), so a secret may come as
 *  - a header: `X-Board-Secret: <s>`, `Authorization: Bearer <s>` or `Authorization: Basic` (the password);
 *  - a path segment pair: `/upload/secret/<s>/{{devId}}`;
 *  - a query parameter: `/upload?secret=<s>` (removed before the query is decoded as board fields).
 */
export interface UploadTarget {
  /** The query string without `secret`, still percent-encoded ('' when none). */
  query: string;
  /** The last path segment below /upload, naming the board (`/upload/{{devId}}`). */
  boardHint?: string;
  secret?: string;
}

export type Headers = Record<string, string | string[] | undefined>;

const SECRET = 'secret';

export function parseUploadTarget(url: string, headers: Headers): UploadTarget {
  const qs = url.indexOf('?');
  const segments = (qs < 0 ? url : url.slice(0, qs)).split('/').filter(Boolean).slice(1); // below /upload
  const fromPath = takeSecretSegment(segments);
  const { query, secret: fromQuery } = takeSecretParam(qs < 0 ? '' : url.slice(qs + 1));
  const hint = segments.length ? safeDecode(segments[segments.length - 1]) : undefined;
  return { query, boardHint: hint, secret: secretHeader(headers) ?? fromPath ?? fromQuery };
}

/** Removes `secret/<s>` from the segments; returns `<s>`. */
function takeSecretSegment(segments: string[]): string | undefined {
  const at = segments.indexOf(SECRET);
  if (at < 0 || at + 1 >= segments.length) return undefined;
  const [, value] = segments.splice(at, 2);
  return safeDecode(value);
}

function takeSecretParam(query: string): { query: string; secret?: string } {
  if (!query.includes(SECRET)) return { query };
  let secret: string | undefined;
  const kept = query.split('&').filter((pair) => {
    const eq = pair.indexOf('=');
    if (safeDecode(eq < 0 ? pair : pair.slice(0, eq)) !== SECRET) return true;
    secret ??= eq < 0 ? '' : safeDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
    return false;
  });
  return { query: kept.join('&'), secret };
}

function secretHeader(headers: Headers): string | undefined {
  const own = first(headers['x-board-secret']);
  if (own) return own.trim();
  const auth = first(headers.authorization)?.trim() ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
