/** A Content-Type header split into its lowercased media type and its parameters (RFC 9110 §8.3). */
export interface ContentType {
  mediaType: string;
  /** Parameter names lowercased; quoted values unquoted. */
  params: Record<string, string>;
}

/** Parses a Content-Type header leniently; undefined when there is none or it is blank. */
export function parseContentType(header: string | undefined): ContentType | undefined {
  if (typeof header !== 'string') return undefined;
  const [type, ...rest] = header.split(';');
  const mediaType = type.trim().toLowerCase();
  if (mediaType === '') return undefined;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (name !== '' && !Object.hasOwn(params, name)) params[name] = unquote(value);
  }
  return { mediaType, params };
}

/** True for application/json and the `+json` / text/json variants some clients send. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json');
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
