import { createHash } from 'node:crypto';
import type { BoardMessage } from './types';

/**
 * Event ids (bridge-contract §6: "a board message delivered twice is published once").
 *
 * The id is sha256 over devId, type and the *normalised* fields that identify the message, truncated to
 * 32 hex characters (128 bits). Normalised, so the same message gives the same id whether it came as
 * TCP JSON or as an all-string HTTP FORM upload. Never hashed: `receivedAt`, the transport and `netCh`
 * (a queued message replayed after the path changed is still the same message, §1.4).
 *
 * Why two bases. Only some messages carry their own identity: a board timestamp (`smsTm`, `startTm`,
 * `msgTs`), the ping counter `cnt`, or a server `tid`. Two deliveries of such a message are the same
 * message, and the bridge may drop the second. Other messages (100–102, 20x, 301, 70x without msgTs, and
 * DTMF keys) are only their content: an `online` after a real reconnect looks exactly like the last one,
 * and pressing `1` twice in a call gives two identical 641s. Their id is still a stable content hash, but
 * `eventIdBasis` says `content` so the bridge does not deduplicate them and swallow a real event.
 */
export type EventIdBasis = 'board' | 'content';

export function eventIdBasis(msg: BoardMessage): EventIdBasis {
  return boardIdentity(msg) === null ? 'content' : 'board';
}

export function eventId(msg: BoardMessage): string {
  const identity = boardIdentity(msg) ?? contentIdentity(msg);
  return createHash('sha256').update(canonicalJson([msg.devId, msg.type, identity])).digest('hex').slice(0, 32);
}

/** The fields that make this message unique, or null when no board-given anchor is present. */
function boardIdentity(msg: BoardMessage): unknown[] | null {
  switch (msg.kind) {
    // Sender and text too: two SMS can arrive in the same second (smsTs has second precision).
    case 'sms_received': return anchored(msg.sentAt ?? msg.msgTs, msg.slot, msg.from, msg.text);
    case 'sms_sent': return anchored(msg.tid, msg.slot);
    case 'call': return anchored(msg.startedAt ?? msg.msgTs, msg.slot, msg.number, msg.endedAt, msg.msgTs);
    // A repeated key in one call repeats every field (§2.3 641/642), so DTMF is never board-identified.
    case 'dtmf': return null;
    case 'call_control': return anchored(msg.tid ?? msg.msgTs, msg.slot, msg.msgTs);
    case 'ping': return anchored(msg.count ?? msg.msgTs, msg.msgTs);
    case 'reply': return anchored(msg.tid ?? msg.msgTs, msg.code, msg.subType, msg.msgTs);
    case 'unknown': return null;
    default: return msg.msgTs === null ? null : [msg.msgTs, contentIdentity(msg)];
  }
}

function anchored(anchor: unknown, ...rest: unknown[]): unknown[] | null {
  return anchor === null || anchor === undefined ? null : [anchor, ...rest];
}

/** Everything the model read, minus `raw` and `netCh`; an unknown message has only its raw fields. */
function contentIdentity(msg: BoardMessage): unknown {
  const { raw, netCh: _netCh, ...fields } = msg;
  if (msg.kind !== 'unknown') return fields;
  const { netCh: _rawNetCh, ...rawFields } = raw;
  return rawFields;
}

/** JSON with sorted keys and ISO dates, so equal content always hashes equally. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}
