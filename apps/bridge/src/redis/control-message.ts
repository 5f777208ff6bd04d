import type { ControlMessage } from '../routing/routing-ports';

/**
 * Reads a message from another instance's channel. Anything else on the channel (an older or newer
 * bridge, a person with redis-cli) is bad input: the caller counts it and carries on (bridge-contract §6).
 * @returns null for anything that is not a ControlMessage
 */
export function parseControlMessage(raw: string): ControlMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const { type, board, epoch } = m as Record<string, unknown>;
  if (typeof board !== 'string' || board === '') return null;
  if (type === 'wake') return { type, board };
  if (type === 'drop' && Number.isSafeInteger(epoch) && (epoch as number) > 0) {
    return { type, board, epoch: epoch as number };
  }
  return null;
}
