import { z } from 'zod';

const bool = (def: boolean) => z.enum(['true', 'false', '1', '0', 'yes', 'no']).default(def ? 'true' : 'false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** An MQTT topic to publish to or subscribe to exactly: no wildcards, no NUL, no empty level at either end. */
const topic = (def: string) => z.string().min(1).max(128).regex(/^[^#+\u0000]+$/, 'must not contain #, + or NUL')
  .refine((v) => !v.startsWith('/') && !v.endsWith('/') && !v.includes('//'), 'must not have an empty level')
  .default(def);

/** Home Assistant MQTT discovery (issue 7, docs/home-assistant.md), spread into the env schema. */
export const homeAssistantEnv = {
  /** Publish one HA device per board (device-based MQTT discovery) and the topics its entities use. */
  HA_DISCOVERY: bool(false),
  /** HA's discovery prefix (HA: MQTT options → discovery prefix). */
  HA_DISCOVERY_PREFIX: topic('homeassistant'),
  /** HA's birth topic; `online` there makes the bridge publish every discovery config again. */
  HA_STATUS_TOPIC: topic('homeassistant/status'),
  /**
   * After HA's `online`, wait a random time between half of this and this before republishing, so HA has
   * subscribed and several bridges do not all publish at once.
   */
  HA_REPUBLISH_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
};
