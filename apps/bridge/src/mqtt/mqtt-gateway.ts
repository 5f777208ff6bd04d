/**
 * The MQTT port (style.md rule 5): code outside `mqtt/` sees only this file, whichever adapter runs
 * (embedded aedes when MQTT_URL is unset, an external broker otherwise; bridge-contract §1).
 */

/** Nest injection token for the one MqttGateway instance. */
export const MQTT_GATEWAY = Symbol('MQTT_GATEWAY');

export interface MqttPublishProperties {
  /** MQTT 5 Correlation Data, echoed on command replies (bridge-contract §4). */
  correlationData?: Buffer;
  userProperties?: Record<string, string>;
  contentType?: string;
}

export interface MqttPublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
  /** Sent only where the protocol carries them (MQTT 5); dropped on 3.1.1 connections. */
  properties?: MqttPublishProperties;
}

export interface InboundMqttMessage {
  topic: string;
  payload: Buffer;
  /** True when the publisher set RETAIN (or a retained message was replayed): commands must refuse it. */
  retain: boolean;
  qos: number;
  responseTopic?: string;
  correlationData?: Buffer;
  userProperties?: Record<string, string | string[]>;
  /** The publishing client's id; only the embedded broker knows it. */
  clientId?: string;
}

export type InboundMqttHandler = (msg: InboundMqttMessage) => void;

export interface MqttGateway {
  /**
   * Embedded: listen; external: connect and wait for the first CONNACK.
   * @throws Error naming the setting to change when a port is taken (embedded)
   * @throws MqttUnavailableError when the external broker cannot be reached or refuses the connection
   */
  start(): Promise<void>;
  /** Idempotent; closes every socket this gateway opened. */
  stop(): Promise<void>;
  /**
   * Resolves once the broker has accepted the message (QoS 1: PUBACK; embedded: aedes' publish callback).
   * Nothing is buffered here: the caller owns the spool (bridge-contract §6).
   * @throws MqttUnavailableError when not connected, or when the connection drops before the broker accepted
   * @throws MqttPublishRejectedError when the broker answered with an error reason code (do not retry as is)
   */
  publish(topic: string, payload: string | Buffer, opts?: MqttPublishOptions): Promise<void>;
  /** The filter stays registered across reconnects; the gateway resubscribes it itself. */
  subscribe(filter: string, handler: InboundMqttHandler): Promise<void>;
  /**
   * Like subscribe(), but each matching publication reaches exactly one bridge instance among all that share
   * the broker (bridge-contract §4: a command is executed once, however many instances run). External
   * broker: an MQTT shared subscription `$share/{MQTT_SHARED_GROUP}/{filter}`. Embedded broker: the node
   * the publishing client is connected to, and only publications made by MQTT clients. Retained messages
   * already stored on the broker are never handed over; `retain` is the publisher's flag (MQTT 5 or
   * embedded; a 3.1.1 broker clears it on live messages).
   * @throws RangeError for an invalid filter, or one that already starts with `$share/`
   */
  subscribeShared(filter: string, handler: InboundMqttHandler): Promise<void>;
  readonly connected: boolean;
  /** Called on every change; after `true` the caller republishes its retained availability. Returns an unsubscribe. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** The broker is not reachable right now: not the caller's fault, retry later (style.md rule 8). */
export class MqttUnavailableError extends Error {
  readonly fault = 'unavailable' as const;
  readonly retryable = true;

  constructor(message = 'MQTT broker is not connected', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MqttUnavailableError';
  }
}

/** The broker refused one publication (MQTT 5 PUBACK reason code >= 0x80): retrying it unchanged will not help. */
export class MqttPublishRejectedError extends Error {
  readonly fault = 'rejected' as const;
  readonly retryable = false;

  constructor(readonly topic: string, readonly reasonCode: number | undefined, message: string) {
    super(`MQTT broker rejected a publication on ${topic}: ${message}`);
    this.name = 'MqttPublishRejectedError';
  }
}
