import { UploadFormatError } from '../errors';

const DASH = 0x2d;
const LF = 0x0a;
const CR = 0x0d;
const DISPOSITION = /^content-disposition:\s*form-data\s*(;.*)$/im;
const NAME_PARAM = /;\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i;
const FILENAME_PARAM = /;\s*filename\*?\s*=/i;

/**
 * Extracts the text fields of a multipart/form-data body (RFC 7578). The boards do not send multipart
 * (board-protocol §1.2 lists only FORM and JSON), but a proxy or a test client may; this reads just
 * enough of it: parts with a `name`, file parts skipped, values as UTF-8 text.
 * @throws UploadFormatError when the boundary never appears or the body stops before its closing line.
 */
export function parseMultipartFields(body: Buffer, boundary: string): Record<string, string> {
  const delimiter = Buffer.from(`--${boundary}`, 'utf8');
  const fields = new Map<string, string>();
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new UploadFormatError('multipart body does not contain its boundary');
  for (;;) {
    const partStart = pos + delimiter.length;
    if (body[partStart] === DASH && body[partStart + 1] === DASH) break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) throw new UploadFormatError('multipart body ends without its closing boundary');
    readPart(body.subarray(partStart, next), fields);
    pos = next;
  }
  return Object.fromEntries(fields);
}

/** One part: the rest of the delimiter line, header lines, a blank line, the content, a line break. */
function readPart(segment: Buffer, fields: Map<string, string>): void {
  const lineEnd = segment.indexOf(LF);
  if (lineEnd === -1) throw new UploadFormatError('multipart part without headers');
  const part = trimFinalLineBreak(segment.subarray(lineEnd + 1));
  const split = findHeaderEnd(part);
  if (split === undefined) throw new UploadFormatError('multipart part without a blank line after its headers');
  const name = fieldName(part.subarray(0, split.headersEnd).toString('utf8'));
  if (name !== undefined) fields.set(name, part.subarray(split.contentStart).toString('utf8'));
}

/** RFC 7578 wants CRLF; bare LF is accepted too, since it costs nothing. */
function findHeaderEnd(part: Buffer): { headersEnd: number; contentStart: number } | undefined {
  const crlf = part.indexOf('\r\n\r\n');
  const lf = part.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { headersEnd: crlf, contentStart: crlf + 4 };
  if (lf !== -1) return { headersEnd: lf, contentStart: lf + 2 };
  // A part whose headers end exactly at the part's end has empty content.
  return undefined;
}

/** The line break before the next delimiter belongs to the delimiter, not to the content. */
function trimFinalLineBreak(part: Buffer): Buffer {
  let end = part.length;
  if (end > 0 && part[end - 1] === LF) end -= 1;
  if (end > 0 && part[end - 1] === CR) end -= 1;
  return part.subarray(0, end);
}

/** The form field name, or undefined for a file part or a part that is not form data. */
function fieldName(headers: string): string | undefined {
  const disposition = DISPOSITION.exec(headers);
  if (disposition === null || FILENAME_PARAM.test(disposition[1])) return undefined;
  const name = NAME_PARAM.exec(disposition[1]);
  if (name === null) return undefined;
  return name[1] !== undefined ? name[1].replace(/\\(.)/g, '$1') : name[2];
}
