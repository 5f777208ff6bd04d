import { bridgeSchemas } from './bridge-schemas';
import { commandSchemas } from './command-schemas';
import { eventSchemas } from './event-schemas';
import type { JsonSchema } from './json-schema';
import { replyResultSchemas } from './reply-result-schemas';

/**
 * Every schema of the MQTT contract by name: the event envelope per event name, the reply results, the
 * bridge's retained payloads, the command reply, and the command payload per command. Both documents
 * (AsyncAPI and OpenAPI) put these under `#/components/schemas/`.
 */
export function contractSchemas(): Record<string, JsonSchema> {
  return { ...eventSchemas(), ...replyResultSchemas(), ...bridgeSchemas(), ...commandSchemas() };
}
