import { normalise, parseMessage } from '@board-bridge/board-protocol';

/** One SMS per event, spread over the boards in turn; each distinct, so dedup lets every one through. */
export function boardMessages(events: number, boards: number, tag: string): { devId: string; msg: Record<string, unknown> }[] {
  return Array.from({ length: events }, (_, i) => {
    const devId = `${tag}${String(i % boards).padStart(4, '0')}`;
    return { devId, msg: { devId, type: 501, slot: 1 + (i % 2), phNum: '10086', smsBd: `bench message ${i} 余额`, charset: 'utf8',
      smsTm: 1_700_000_000_000 + i, netCh: 0 } };
  });
}

/** The bodies the bridge posts for these messages in format `event`: their envelopes as JSON. */
export function eventBodies(messages: { msg: Record<string, unknown> }[]): Buffer[] {
  const receivedAt = new Date();
  return messages.map(({ msg }) => Buffer.from(JSON.stringify(normalise(parseMessage(msg), { transport: 'tcp', receivedAt }))));
}
