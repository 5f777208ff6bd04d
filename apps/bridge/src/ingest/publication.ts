import type { MqttPublishProperties } from '../mqtt/mqtt-gateway';

/** One MQTT publication the bridge owes its subscribers. */
export interface Publication {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
  /** Board the publication is about; order is kept per board (bridge-contract §6). */
  board?: string;
  /** MQTT 5 properties, e.g. the Correlation Data of a command reply (bridge-contract §4). */
  properties?: MqttPublishProperties;
}

/** The spool is full: the caller must push back (HTTP 503, pause TCP reading). Retry later. */
export class SpoolFullError extends Error {
  readonly fault = 'unavailable' as const;
  constructor(readonly capacity: number) {
    super(`publication spool is full (${capacity} messages): broker unreachable, retry later`);
    this.name = 'SpoolFullError';
  }
}
