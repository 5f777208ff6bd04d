/** bridge-contract §3: the envelope published on `{base}/{id}/event/{event}`. */
export type EventName =
  | 'online'
  | 'sim_initializing' | 'sim_identified' | 'sim_ready' | 'sim_removed' | 'sim_error'
  | 'modem_error'
  | 'sms_received' | 'sms_sent'
  | 'call_incoming' | 'call_answered' | 'call_dialing' | 'call_ringing' | 'call_connected' | 'call_ended'
  | 'dtmf'
  | 'call_control'
  | 'call_forwarding'
  | 'ping'
  | 'reply'
  | 'unknown';

export type Transport = 'tcp' | 'http';

export interface NormaliseContext {
  transport: Transport;
  receivedAt: Date;
}

export interface EventEnvelope {
  v: 1;
  /** Stable per board message (event-id.ts); the same message sent twice gets the same id. */
  eventId: string;
  board: string;
  type: number;
  event: EventName;
  transport: Transport;
  netCh: number | null;
  slot: number | null;
  /** The board's own time for the message (ISO-8601), or null when it gives none. */
  ts: string | null;
  receivedAt: string;
  /** Normalised fields: camelCase, numbers as numbers, times as ISO-8601, absent fields as null. */
  data: Record<string, unknown>;
  /** The board's fields as received (after decryption). */
  raw: Record<string, unknown>;
}
