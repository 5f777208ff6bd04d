import { BRIDGE_VERSION } from '../version';
import { type ChannelDoc, addressParameters, channelDocs } from './asyncapi-channels';
import { contractSchemas } from './contract-schemas';
import type { JsonSchema } from './json-schema';

/**
 * The AsyncAPI 3.0 document of every MQTT topic and payload (bridge-contract §2–§4), built from code:
 * the command table, the event table and the bridge's own payload schemas. Pure; `npm run contract`
 * writes it to docs/asyncapi.yaml and contract-files.spec.ts keeps that file equal to this.
 */
export type AsyncApiDocument = JsonSchema;

/** mqtt bindings 0.2.0: every publication of the bridge and every command is QoS 1. */
const MQTT_BINDING_VERSION = '0.2.0';

const DESCRIPTION = [
  'board-bridge connects Lvyatech X-series SMS/call boards (TCP and HTTP push) to MQTT. Every board message',
  'becomes a versioned JSON event; availability and state are retained; commands published to the command',
  'topics are validated, written to the board and answered step by step on the reply topic.',
  '',
  'Payloads are JSON (UTF-8). All times are ISO-8601 strings; unknown values are null, never absent.',
  'The schemas are JSON Schema draft-07 (the AsyncAPI Schema Object) and also valid draft 2020-12.',
].join('\n');

export function buildAsyncApi(): AsyncApiDocument {
  const docs = channelDocs();
  return {
    asyncapi: '3.0.0',
    info: { title: 'board-bridge MQTT API', version: BRIDGE_VERSION, description: DESCRIPTION,
      license: { name: 'MIT' } },
    defaultContentType: 'application/json',
    servers: servers(),
    channels: Object.fromEntries(docs.map((d) => [d.id, channel(d)])),
    operations: Object.fromEntries(docs.map((d) => [operationId(d), operation(d)])),
    components: {
      parameters: PARAMETERS,
      messages: Object.fromEntries(docs.map((d) => [d.id, message(d)])),
      schemas: contractSchemas(),
    },
  };
}

const PARAMETERS: Record<string, JsonSchema> = {
  base: { description: 'the base topic (MQTT_BASE_TOPIC)', default: 'boards', examples: ['boards'] },
  boardId: { description: 'the board\'s devId, used verbatim; `bridge` is reserved', examples: ['498060912345'] },
  cmd: { description: 'the command name: a letter, then up to 31 letters, digits or _', examples: ['sendsms'] },
  instance: { description: 'BRIDGE_INSTANCE_ID (host name + pid by default)', examples: ['bridge-1'] },
};

function servers(): JsonSchema {
  return {
    embedded: {
      host: 'localhost:1883', protocol: 'mqtt', protocolVersion: '3.1.1',
      description: 'The embedded aedes broker (MQTT_HOST/MQTT_PORT, also MQTT over WebSocket on MQTT_WS_PORT).',
    },
    external: {
      host: '{broker}', protocol: 'mqtt', protocolVersion: '5',
      description: 'An external broker (MQTT_URL: mqtt, mqtts, ws or wss); the bridge speaks MQTT 5 to it ' +
        '(MQTT_PROTOCOL_VERSION=4 for 3.1.1) and takes commands through $share/<MQTT_SHARED_GROUP>/….',
      variables: { broker: { default: 'localhost:1883', description: 'host:port of MQTT_URL' } },
      bindings: { mqtt: {
        lastWill: { topic: 'boards/bridge/{instance}/state', qos: 1, retain: true,
          message: '{"state":"offline","instance":"{instance}","reason":"connection-lost"}' },
        bindingVersion: MQTT_BINDING_VERSION,
      } },
    },
  };
}

function channel(d: ChannelDoc): JsonSchema {
  const params = addressParameters(d.address);
  return {
    address: d.address, title: d.title, description: d.description,
    messages: { [d.id]: { $ref: `#/components/messages/${d.id}` } },
    parameters: Object.fromEntries(params.map((p) => [p, { $ref: `#/components/parameters/${p}` }])),
  };
}

function operationId(d: ChannelDoc): string {
  return `${d.action === 'send' ? 'publish' : 'receive'}${d.id.charAt(0).toUpperCase()}${d.id.slice(1)}`;
}

function operation(d: ChannelDoc): JsonSchema {
  const self = { $ref: `#/channels/${d.id}` };
  return {
    action: d.action,
    channel: self,
    summary: `${d.action === 'send' ? 'the bridge publishes' : 'the bridge receives'}: ${d.title}`,
    messages: [{ $ref: `#/channels/${d.id}/messages/${d.id}` }],
    bindings: { mqtt: { qos: 1, retain: d.retain, bindingVersion: MQTT_BINDING_VERSION } },
    ...(d.reply ? { reply: {
      channel: { $ref: `#/channels/${d.reply}` },
      messages: [{ $ref: `#/channels/${d.reply}/messages/${d.reply}` }],
    } } : {}),
  };
}

function message(d: ChannelDoc): JsonSchema {
  return {
    name: d.id, title: d.title, contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${d.schema}` },
  };
}
