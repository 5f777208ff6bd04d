import { MessageShapeError } from '../errors';
import { readBoardTime } from './board-time';
import { own, toInt, type Fields } from './fields';
import type { MessageBase } from './types';

/** What every message carries before its type-specific fields are read. */
export type BaseFields = Omit<MessageBase<never, number>, 'kind' | 'type'> & { type: number };

/**
 * §5.1 treats devId as an opaque string of at most 16 characters; 64 leaves room for odd firmware. It
 * becomes an MQTT topic level (bridge-contract §2), so characters that would change the topic's meaning
 * (`/`, `+`, `#`), whitespace and control characters are refused rather than published.
 */
const MAX_DEV_ID_LENGTH = 64;
const TOPIC_UNSAFE = /[\s/+#\u0000-\u001f\u007f]/;

export function readBase(fields: Fields, raw: Fields, fallbackDevId: string | undefined): BaseFields {
  return {
    devId: readDevId(fields, fallbackDevId),
    type: readType(fields),
    netCh: readNetCh(own(fields, 'netCh')),
    msgTs: readBoardTime(own(fields, 'msgTs')),
    raw,
  };
}

/**
 * The message's own devId wins; the session's id is only a fallback for messages without one (the §1.4
 * handshake ack, or a board that disabled the field, §2.4).
 */
function readDevId(fields: Fields, fallback: string | undefined): string {
  const value = own(fields, 'devId');
  if (value !== undefined && value !== null && value !== '') return checkDevId(value, 'devId');
  if (fallback !== undefined) return checkDevId(fallback, 'opts.devId');
  throw new MessageShapeError('devId', 'missing');
}

function checkDevId(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value
    : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  if (text === null) throw new MessageShapeError(field, `must be a string or an integer, got ${describe(value)}`);
  if (text.length === 0 || text.length > MAX_DEV_ID_LENGTH) {
    throw new MessageShapeError(field, `must be 1 to ${MAX_DEV_ID_LENGTH} characters long`);
  }
  if (TOPIC_UNSAFE.test(text)) throw new MessageShapeError(field, 'contains whitespace, control characters, / + or #');
  return text;
}

function readType(fields: Fields): number {
  const value = own(fields, 'type');
  if (value === undefined || value === null || value === '') throw new MessageShapeError('type', 'missing');
  const type = toInt(value);
  if (type === null || type < 0) throw new MessageShapeError('type', `must be a non-negative integer, got ${describe(value)}`);
  return type;
}

function readNetCh(value: unknown): number | null {
  const netCh = toInt(value);
  return netCh !== null && netCh >= 0 ? netCh : null;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string that is not a number';
  return value === null ? 'null' : `a ${typeof value}`;
}
