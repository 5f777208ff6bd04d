import { isValidPublishTopic, isValidTopicFilter } from '../../mqtt/topics';
import { HA_OBJECT_ID } from '../ha-topics';

/**
 * Home Assistant's rules for a device-based discovery message, as its MQTT integration applies them
 * (homeassistant/components/mqtt: discovery.py TOPIC_MATCHER and _parse_device_payload, schemas.py
 * DEVICE_DISCOVERY_SCHEMA / MQTT_ENTITY_DEVICE_INFO_SCHEMA / MQTT_ORIGIN_INFO_SCHEMA / check_unique_id,
 * abbreviations.py, and each platform's DISCOVERY_SCHEMA). HA rejects the whole device for a wrong top-level,
 * device or origin key, and silently drops unknown component keys (REMOVE_EXTRA): both are reported here,
 * the second because a dropped option is a bug that HA would hide. For tests only.
 */

const TOP_ABBREVIATIONS: Record<string, string> = {
  dev: 'device', o: 'origin', cmps: 'components', avty: 'availability', avty_mode: 'availability_mode',
  avty_t: 'availability_topic', avty_tpl: 'availability_template', stat_t: 'state_topic', cmd_t: 'command_topic',
  pl_avail: 'payload_available', pl_not_avail: 'payload_not_available', e: 'encoding',
};
const DEVICE_ABBREVIATIONS: Record<string, string> = {
  ids: 'identifiers', cns: 'connections', mf: 'manufacturer', mdl: 'model', mdl_id: 'model_id', sw: 'sw_version',
  hw: 'hw_version', sn: 'serial_number', sa: 'suggested_area', cu: 'configuration_url',
};
const ORIGIN_ABBREVIATIONS: Record<string, string> = { sw: 'sw_version', url: 'support_url' };
const COMPONENT_ABBREVIATIONS: Record<string, string> = {
  p: 'platform', uniq_id: 'unique_id', stat_t: 'state_topic', cmd_t: 'command_topic', cmd_tpl: 'command_template',
  val_tpl: 'value_template', dev_cla: 'device_class', ent_cat: 'entity_category', ic: 'icon',
  unit_of_meas: 'unit_of_measurement', stat_cla: 'state_class', json_attr_t: 'json_attributes_topic',
  json_attr_tpl: 'json_attributes_template', pl_prs: 'payload_press', en: 'enabled_by_default', evt_typ: 'event_types',
};
const AVAILABILITY_KEYS = ['availability', 'availability_mode', 'availability_template', 'availability_topic',
  'payload_available', 'payload_not_available'];
const SHARED_OPTIONS = [...AVAILABILITY_KEYS, 'command_topic', 'encoding', 'message_expiry_interval', 'state_topic', 'qos'];
const TOP_KEYS = new Set(['device', 'origin', 'components', ...SHARED_OPTIONS]);
const DEVICE_KEYS = new Set(['identifiers', 'connections', 'manufacturer', 'model', 'model_id', 'name', 'hw_version',
  'serial_number', 'sw_version', 'via_device', 'suggested_area', 'configuration_url']);
const ORIGIN_KEYS = new Set(['name', 'sw_version', 'support_url']);
/** const.py SUPPORTED_COMPONENTS; every one but device_automation and tag is an entity platform. */
export const SUPPORTED_COMPONENTS = new Set(['alarm_control_panel', 'binary_sensor', 'button', 'camera', 'climate',
  'cover', 'device_automation', 'device_tracker', 'event', 'fan', 'humidifier', 'image', 'lawn_mower', 'light', 'lock',
  'notify', 'number', 'scene', 'select', 'sensor', 'siren', 'switch', 'tag', 'text', 'update', 'vacuum', 'valve',
  'water_heater']);
const COMMON_ENTITY_KEYS = ['platform', 'unique_id', 'name', 'icon', 'entity_category', 'enabled_by_default',
  'entity_picture', 'json_attributes_topic', 'json_attributes_template', 'default_entity_id', 'device_class',
  ...SHARED_OPTIONS];
/** Options of the platforms the bridge uses (sensor.py, button.py, notify.py, event.py); others are not checked. */
const PLATFORMS: Record<string, { required: string[]; keys: string[] }> = {
  sensor: { required: ['state_topic'], keys: ['value_template', 'unit_of_measurement', 'state_class', 'expire_after',
    'force_update', 'last_reset_value_template', 'suggested_display_precision', 'options'] },
  button: { required: ['command_topic'], keys: ['command_template', 'payload_press', 'retain'] },
  notify: { required: ['command_topic'], keys: ['command_template', 'retain'] },
  event: { required: ['state_topic', 'event_types'], keys: ['value_template'] },
};
const SUBSCRIBE_KEYS = ['state_topic', 'json_attributes_topic', 'availability_topic'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const expand = (o: Obj, abbr: Record<string, string>): Obj =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [abbr[k] ?? k, v]));

export interface ExpandedDiscovery {
  device: Obj;
  origin: Obj;
  /** Components with the shared options they inherit filled in, abbreviations expanded. */
  components: Record<string, Obj>;
  top: Obj;
}

/** The payload with abbreviations expanded and shared options merged into each component (discovery.py). */
export function expandDiscovery(payload: unknown): ExpandedDiscovery {
  const top = isObj(payload) ? expand(payload, TOP_ABBREVIATIONS) : {};
  const cmps = isObj(top.components) ? top.components : {};
  const components: Record<string, Obj> = {};
  for (const [key, raw] of Object.entries(cmps)) {
    const c = isObj(raw) ? expand(raw, COMPONENT_ABBREVIATIONS) : {};
    for (const opt of SHARED_OPTIONS) if (opt in top && !(opt in c)) c[opt] = top[opt];
    components[key] = c;
  }
  return {
    top, components,
    device: isObj(top.device) ? expand(top.device, DEVICE_ABBREVIATIONS) : {},
    origin: isObj(top.origin) ? expand(top.origin, ORIGIN_ABBREVIATIONS) : {},
  };
}

/** Every rule one discovery message breaks; [] when HA takes it whole. */
export function checkDeviceDiscovery(topic: string, payloadText: string, prefix: string): string[] {
  const problems = checkTopic(topic, prefix);
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return [...problems, 'payload is not JSON'];
  }
  if (!isObj(payload)) return [...problems, 'payload is not a JSON object'];
  const d = expandDiscovery(payload);
  problems.push(...unknownKeys('top level', d.top, TOP_KEYS), ...checkDevice(d.device), ...checkOrigin(d.origin),
    ...checkAvailability('top level', d.top));
  if (!isObj(d.top.components) || Object.keys(d.top.components).length === 0) problems.push('components: missing or empty');
  for (const [key, c] of Object.entries(d.components)) problems.push(...checkComponent(key, c));
  return problems;
}

function checkTopic(topic: string, prefix: string): string[] {
  const m = topic.startsWith(`${prefix}/device/`) ? topic.slice(prefix.length + 8).split('/') : [];
  const ids = m.slice(0, -1);
  const ok = m.at(-1) === 'config' && (ids.length === 1 || ids.length === 2) && ids.every((id) => HA_OBJECT_ID.test(id));
  return ok ? [] : [`topic ${topic} is not ${prefix}/device/[<node_id>/]<object_id>/config`];
}

function unknownKeys(where: string, o: Obj, allowed: Set<string>): string[] {
  return Object.keys(o).filter((k) => !allowed.has(k)).map((k) => `${where}: unknown key ${k}`);
}

function checkDevice(dev: Obj): string[] {
  const out = unknownKeys('device', dev, DEVICE_KEYS);
  const ids = ([] as unknown[]).concat(dev.identifiers ?? [], dev.connections ?? []);
  if (ids.length === 0) out.push('device: needs identifiers or connections');
  if (dev.identifiers !== undefined && !([] as unknown[]).concat(dev.identifiers).every((i) => typeof i === 'string')) {
    out.push('device: identifiers must be strings');
  }
  for (const [k, v] of Object.entries(dev)) {
    if (k !== 'identifiers' && k !== 'connections' && typeof v !== 'string') out.push(`device: ${k} must be a string`);
  }
  return out;
}

function checkOrigin(o: Obj): string[] {
  const out = unknownKeys('origin', o, ORIGIN_KEYS);
  if (typeof o.name !== 'string' || o.name.length === 0) out.push('origin: name is required');
  return out;
}

function checkAvailability(where: string, o: Obj): string[] {
  const out: string[] = [];
  if (o.availability !== undefined && o.availability_topic !== undefined) {
    out.push(`${where}: availability and availability_topic are exclusive`);
  }
  for (const a of ([] as unknown[]).concat(o.availability ?? [])) {
    if (!isObj(a) || typeof a.topic !== 'string' || !isValidTopicFilter(a.topic)) {
      out.push(`${where}: availability entry needs a valid topic`);
      continue;
    }
    out.push(...unknownKeys(`${where} availability`, a,
      new Set(['topic', 'payload_available', 'payload_not_available', 'value_template'])));
  }
  return out;
}

function checkComponent(key: string, c: Obj): string[] {
  const where = `component ${key}`;
  const platform = c.platform;
  if (typeof platform !== 'string' || !SUPPORTED_COMPONENTS.has(platform)) return [`${where}: unsupported platform ${String(platform)}`];
  const out: string[] = [];
  if (platform !== 'tag' && platform !== 'device_automation' && Object.keys(c).length > 1 && typeof c.unique_id !== 'string') {
    out.push(`${where}: unique_id is required`);
  }
  const spec = PLATFORMS[platform];
  if (!spec) return [...out, `${where}: platform ${platform} is not checked by this rule set`];
  for (const req of spec.required) if (c[req] === undefined) out.push(`${where}: ${req} is required`);
  out.push(...unknownKeys(where, c, new Set([...COMMON_ENTITY_KEYS, ...spec.keys, ...spec.required])));
  out.push(...checkValues(where, platform, c), ...checkAvailability(where, c));
  return out;
}

function checkValues(where: string, platform: string, c: Obj): string[] {
  const out: string[] = [];
  for (const k of SUBSCRIBE_KEYS) {
    if (c[k] !== undefined && (typeof c[k] !== 'string' || !isValidTopicFilter(c[k]))) out.push(`${where}: ${k} is not a valid topic filter`);
  }
  if (c.command_topic !== undefined && (typeof c.command_topic !== 'string' || !isValidPublishTopic(c.command_topic))) {
    out.push(`${where}: command_topic is not a valid topic`);
  }
  if (c.entity_category !== undefined && !['config', 'diagnostic'].includes(String(c.entity_category))) {
    out.push(`${where}: entity_category must be config or diagnostic`);
  }
  if (platform === 'sensor' && c.entity_category === 'config') out.push(`${where}: a sensor cannot be a config entity`);
  if (platform === 'sensor' && c.device_class === 'timestamp' && c.unit_of_measurement !== undefined) {
    out.push(`${where}: a timestamp sensor has no unit`);
  }
  if (platform === 'event' && (!Array.isArray(c.event_types) || c.event_types.length === 0
    || !c.event_types.every((t) => typeof t === 'string'))) out.push(`${where}: event_types must be a list of strings`);
  for (const [k, v] of Object.entries(c)) {
    if (k.endsWith('template') && (typeof v !== 'string' || !balancedJinja(v))) out.push(`${where}: ${k} is not a template`);
  }
  return out;
}

/** Every `{{` closed by `}}` and every `{%` by `%}`, in order: the least a Jinja template needs. */
export function balancedJinja(t: string): boolean {
  const tokens = t.match(/\{\{|\}\}|\{%|%\}/g) ?? [];
  return tokens.length % 2 === 0 && tokens.every((tok, i) => (i % 2 === 0 ? tok === '{{' || tok === '{%'
    : tok === (tokens[i - 1] === '{{' ? '}}' : '%}')));
}

/** `value_json.a.b` / `value_json.slots['1'].x` → [['a','b'], ['slots','1','x']]: the keys a template reads. */
export function templatePaths(template: string): string[][] {
  const found = template.match(/value_json((?:\.[A-Za-z_]\w*|\['[^']*'\])+)/g) ?? [];
  return found.map((p) => [...p.slice('value_json'.length).matchAll(/\.([A-Za-z_]\w*)|\['([^']*)'\]/g)]
    .map((m) => m[1] ?? m[2]));
}

/** Does `value` have every key of `path` (the last may hold null)? */
export function hasPath(value: unknown, path: string[]): boolean {
  let v = value;
  for (const key of path) {
    if (!isObj(v) || !(key in v)) return false;
    v = v[key];
  }
  return true;
}

/** unique_ids used more than once across the given discovery payloads (HA keeps only the first entity). */
export function duplicateUniqueIds(payloads: unknown[]): string[] {
  const seen = new Map<string, number>();
  for (const p of payloads) {
    for (const c of Object.values(expandDiscovery(p).components)) {
      if (typeof c.unique_id === 'string') seen.set(c.unique_id, (seen.get(c.unique_id) ?? 0) + 1);
    }
  }
  return [...seen.entries()].filter(([, n]) => n > 1).map(([id]) => id);
}
