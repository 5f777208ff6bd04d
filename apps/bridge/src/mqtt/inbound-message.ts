import type { InboundMqttHandler, InboundMqttMessage } from './mqtt-gateway';

/** The MQTT 5 publish properties both adapters read (mqtt-packet's shape). */
export interface PacketProperties {
  responseTopic?: string;
  correlationData?: Buffer;
  userProperties?: Record<string, string | string[]>;
}

export interface RawInbound {
  topic: string;
  payload: Buffer | string;
  retain?: boolean;
  qos?: number;
  properties?: PacketProperties;
  clientId?: string;
}

/** One mapping for both adapters, so handlers cannot tell which broker delivered a message. */
export function toInboundMessage(raw: RawInbound): InboundMqttMessage {
  const msg: InboundMqttMessage = {
    topic: raw.topic,
    payload: Buffer.isBuffer(raw.payload) ? raw.payload : Buffer.from(raw.payload),
    retain: raw.retain === true,
    qos: raw.qos ?? 0,
  };
  const props = raw.properties;
  if (props?.responseTopic !== undefined) msg.responseTopic = props.responseTopic;
  if (props?.correlationData !== undefined) msg.correlationData = props.correlationData;
  if (props?.userProperties !== undefined) msg.userProperties = props.userProperties;
  if (raw.clientId !== undefined) msg.clientId = raw.clientId;
  return msg;
}

export type ErrorReporter = (err: Error, context: string) => void;

/** The default reporter: a process warning, never a throw into the broker's or MQTT.js's delivery loop. */
export const warnReporter: ErrorReporter = (err, context) => {
  process.emitWarning(`${context}: ${err.message}`, { type: 'MqttGatewayWarning' });
};

/**
 * Calls a subscriber's handler; its exception is reported instead of thrown, because a throw inside
 * mqemitter (embedded) or MQTT.js's message event (external) would stall delivery for every other topic
 * (bridge-contract §6: bad input never affects other boards).
 */
export function invokeHandler(handler: InboundMqttHandler, msg: InboundMqttMessage, report: ErrorReporter): void {
  try {
    handler(msg);
  } catch (err) {
    report(asError(err), `MQTT handler for ${msg.topic} threw`);
  }
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
