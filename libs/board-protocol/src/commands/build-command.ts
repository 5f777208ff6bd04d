import { CommandValidationError, type ParamIssue } from '../errors';
import type { CommandSpec } from './command-spec';
import { getCommandSpec } from './command-table';
import type { ValidatedCommand } from './validate-command';

/**
 * Turns a validated command into what goes on the wire (§3.1): a TCP JSON object, or the query of the
 * board's `/ctrl` HTTP API (§1.5). And back: positional values to named ones, to show what was sent.
 */

/** tids the bridge generates: printable, no spaces, safe unescaped in JSON, URLs and logs. */
export const TID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** §1.5: token = lowercase hex MD5 (32 characters); upper case is accepted and passed on as given. */
const TOKEN_PATTERN = /^[0-9a-f]{32}$/i;

type Positional = readonly (string | number | undefined)[];

/**
 * `{cmd, p1.., tid}` for the TCP session (§1.4, §3.1). Numbers stay JSON numbers: the "数值型"
 * parameters are numbers in every TCP example. No token over TCP.
 * @throws CommandValidationError when `tid` is malformed, or missing for a command that needs one.
 */
export function toTcpCommand(v: ValidatedCommand, tid?: string): Record<string, unknown> {
  throwIfAny(v.cmd, checkTid(tid, getCommandSpec(v.cmd)?.tid === 'required'));
  const frame: Record<string, unknown> = { cmd: v.cmd };
  for (const [key, value] of wireParams(v.positional)) frame[key] = value;
  if (tid !== undefined) frame.tid = tid;
  return frame;
}

/**
 * Query parameters for `GET http://<board>/ctrl?…` (§1.5); every value is a string. Percent-encoding is
 * left to the caller's URL builder (URLSearchParams encodes UTF-8 as the board expects).
 * @throws CommandValidationError for a malformed token or tid, or a missing tid that is needed.
 */
export function toCtrlQuery(v: ValidatedCommand, opts: { token: string; tid?: string }): Record<string, string> {
  const issues = checkTid(opts.tid, tidNeededOverHttp(getCommandSpec(v.cmd)));
  if (typeof opts.token !== 'string' || !TOKEN_PATTERN.test(opts.token)) {
    issues.push({ param: 'token', message: 'must be the 32 hex digit admin token (§1.5)' });
  }
  throwIfAny(v.cmd, issues);
  const query: Record<string, string> = { token: opts.token, cmd: v.cmd };
  for (const [key, value] of wireParams(v.positional)) query[key] = String(value);
  if (opts.tid !== undefined) query.tid = opts.tid;
  return query;
}

/**
 * Positional values under their names, with documented defaults for the ones left out, so the result
 * is what the board will use. Values past the table (or of an unknown command) keep their `pN` key.
 */
export function toNamed(cmd: string, positional: Positional): Record<string, unknown> {
  const params = getCommandSpec(cmd)?.params ?? [];
  const named: Record<string, unknown> = {};
  params.forEach((param, i) => {
    const value = positional[i] ?? param.default;
    if (value !== undefined) named[param.name] = value;
  });
  for (let i = params.length; i < positional.length; i++) {
    if (positional[i] !== undefined) named[`p${i + 1}`] = positional[i];
  }
  return named;
}

/**
 * §3.1: over HTTP the tid is only needed where a later report echoes it (sendsms → 502); stat and now
 * need it over TCP only.
 */
function tidNeededOverHttp(spec: CommandSpec | undefined): boolean {
  return spec !== undefined && spec.tid === 'required' && spec.reports.completes.length > 0;
}

function checkTid(tid: string | undefined, required: boolean): ParamIssue[] {
  if (tid === undefined) {
    return required ? [{ param: 'tid', message: 'is required for this command (§3.1)' }] : [];
  }
  return typeof tid === 'string' && TID_PATTERN.test(tid)
    ? []
    : [{ param: 'tid', message: `must match ${TID_PATTERN.source}` }];
}

/** `[pN, value]` in order, skipping holes and leaving out trailing undefined entries. */
function wireParams(positional: Positional): [string, string | number][] {
  const out: [string, string | number][] = [];
  positional.forEach((value, i) => {
    if (value !== undefined) out.push([`p${i + 1}`, value]);
  });
  return out;
}

function throwIfAny(cmd: string, issues: ParamIssue[]): void {
  if (issues.length > 0) throw new CommandValidationError(cmd, issues);
}
