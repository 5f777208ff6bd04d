import { MessageShapeError } from '../errors';
import { isRecord } from './fields';
import { readBase, type BaseFields } from './parse-base';
import { parseCall, parseDtmf } from './parse-call';
import { parseCallControl, parseForwarding } from './parse-call-control';
import { parseModemError, parseOnline, parsePing } from './parse-online';
import { parseReply } from './parse-reply';
import { parseSim } from './parse-sim';
import { parseSms501, parseSmsSent } from './parse-sms';
import { copyRaw, withAliases } from './sanitize';
import type { Fields } from './fields';
import type { BoardMessage, ParseOptions } from './types';

/**
 * Turns one decoded board object (TCP frame, HTTP JSON body or FORM fields, after decryption) into the
 * typed model. Tolerant in the ways board-protocol §6–7 require: numbers as strings and strings as
 * numbers, older and newer field names, `charset=urlen`, URL-encoded `ssid`, board-side aliases, unknown
 * fields kept in `raw`, unknown types kept as `unknown`. The input is never modified.
 *
 * @throws MessageShapeError when the object has no usable `devId` (and `opts.devId` gives none) or `type`,
 *   or is nested absurdly deep. Nothing else is thrown.
 */
export function parseMessage(raw: Record<string, unknown>, opts: ParseOptions = {}): BoardMessage {
  if (!isRecord(raw)) throw new MessageShapeError('message', 'not a JSON object');
  const copy = copyRaw(raw);
  const fields = withAliases(copy, opts.aliases);
  return parseFields(readBase(fields, copy, opts.devId), fields);
}

function parseFields(base: BaseFields, fields: Fields): BoardMessage {
  switch (base.type) {
    case 100: case 101: case 102:
      return parseOnline(base, fields);
    case 202: case 203: case 204: case 205: case 209:
      return parseSim(base, fields);
    case 301:
      return parseModemError(base, fields);
    case 501:
      return parseSms501(base, fields);
    case 502:
      return parseSmsSent(base, fields);
    case 601: case 602: case 603: case 620: case 621: case 622: case 623:
      return parseCall(base, fields);
    case 641: case 642:
      return parseDtmf(base, fields);
    case 681: case 682: case 683: case 684: case 685: case 686: case 687: case 688: case 689:
      return parseCallControl(base, fields);
    case 701: case 702: case 703:
      return parseForwarding(base, fields);
    case 998:
      return parsePing(base, fields);
    case 401: case 402: case 999:
      return parseReply(base, fields);
    default:
      return { kind: 'unknown', ...base };
  }
}
