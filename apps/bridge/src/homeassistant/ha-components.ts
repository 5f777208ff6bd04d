import type { TopicScheme } from '../mqtt/topics';
import { HA_EVENT_TYPES } from './ha-event';
import { type HaTopics, type Slot, SLOTS } from './ha-topics';

/** One entry of `cmps`: `p` is the platform, the rest are that platform's options (full names). */
export type HaComponent = Record<string, unknown> & { p: string; unique_id: string };

export interface BoardEntities {
  devId: string;
  /** Destination of each slot's `notify` entity; a slot without one gets none (docs/home-assistant.md). */
  notifyTo: Partial<Record<Slot, string>>;
}

interface Ctx {
  topics: TopicScheme;
  ha: HaTopics;
  devId: string;
  uid: (key: string) => string;
}

/**
 * Every component of one board's device (docs/home-assistant.md lists them). Keys of the result are the
 * `cmps` keys; each unique_id is `{object_id}_{key}`, so it is unique across boards and bridges.
 */
export function boardComponents(topics: TopicScheme, ha: HaTopics, board: BoardEntities): Record<string, HaComponent> {
  const objectId = ha.objectId(board.devId);
  const ctx: Ctx = { topics, ha, devId: board.devId, uid: (key) => `${objectId}_${key}` };
  const out: Record<string, HaComponent> = { ...boardSensors(ctx) };
  for (const slot of SLOTS) Object.assign(out, slotSensors(ctx, slot), slotControls(ctx, slot, board.notifyTo[slot]));
  out.restart = {
    p: 'button', unique_id: ctx.uid('restart'), name: 'Restart', device_class: 'restart', entity_category: 'config',
    command_topic: topics.command(board.devId, 'restart'), payload_press: '{}',
  };
  out.events = {
    p: 'event', unique_id: ctx.uid('events'), name: 'SMS and calls', icon: 'mdi:message-processing',
    state_topic: ha.event(board.devId), event_types: [...HA_EVENT_TYPES],
  };
  return out;
}

/** A sensor on the retained `{base}/{id}/state` (bridge-contract §2; shape in board-state-types.ts). */
function stateSensor(ctx: Ctx, key: string, name: string, template: string, extra: Record<string, unknown> = {}):
  Record<string, HaComponent> {
  return {
    [key]: {
      p: 'sensor', unique_id: ctx.uid(key), name, state_topic: ctx.topics.state(ctx.devId),
      value_template: template, ...extra,
    },
  };
}

/** A signal in percent (board-protocol §6: `dbm` is a percentage; −1 is normalised to null = unknown). */
const percent = { unit_of_measurement: '%', state_class: 'measurement', suggested_display_precision: 0 };
const diagnostic = { entity_category: 'diagnostic' };

function boardSensors(ctx: Ctx): Record<string, HaComponent> {
  return {
    ...stateSensor(ctx, 'network', 'Network path', orUnknown('value_json.network'),
      { icon: 'mdi:lan-connect', ...diagnostic }),
    ...stateSensor(ctx, 'wifi_signal', 'WiFi signal', '{{ value_json.wifi.signal }}',
      { icon: 'mdi:wifi', ...percent, ...diagnostic }),
    ...stateSensor(ctx, 'firmware', 'Firmware', orUnknown('value_json.hwVer'), { icon: 'mdi:chip', ...diagnostic }),
    ...stateSensor(ctx, 'last_seen', 'Last seen', '{{ value_json.lastSeen }}',
      { device_class: 'timestamp', enabled_by_default: false, ...diagnostic }),
  };
}

function slotSensors(ctx: Ctx, slot: Slot): Record<string, HaComponent> {
  const s = `value_json.slots['${slot}']`;
  const sim = `SIM${slot}`;
  return {
    ...stateSensor(ctx, `sim${slot}_status`, `${sim} status`, orUnknown(`${s}.status`), {
      icon: 'mdi:sim', json_attributes_topic: ctx.topics.state(ctx.devId),
      json_attributes_template: `{{ ${s} | to_json }}`,
    }),
    ...stateSensor(ctx, `sim${slot}_operator`, `${sim} operator`, orUnknown(`${s}.operatorName`, `${s}.operator`),
      { icon: 'mdi:radio-tower' }),
    ...stateSensor(ctx, `sim${slot}_signal`, `${sim} signal`, `{{ ${s}.signal }}`, { icon: 'mdi:signal', ...percent }),
    ...stateSensor(ctx, `sim${slot}_number`, `${sim} phone number`, orUnknown(`${s}.msisdn`), { icon: 'mdi:phone' }),
    // From the bridge's retained `ha/last_sms/{slot}`: it exists only once an SMS came, so it is never null
    // (a null timestamp would make HA log a warning at every state update).
    [`sim${slot}_last_sms`]: {
      p: 'sensor', unique_id: ctx.uid(`sim${slot}_last_sms`), name: `${sim} last SMS`, device_class: 'timestamp',
      state_topic: ctx.ha.lastSms(ctx.devId, slot), value_template: '{{ value_json.at }}',
    },
    [`sim${slot}_last_sms_from`]: {
      p: 'sensor', unique_id: ctx.uid(`sim${slot}_last_sms_from`), name: `${sim} last SMS from`,
      icon: 'mdi:message-text', state_topic: ctx.ha.lastSms(ctx.devId, slot),
      // `from` is a Jinja keyword: subscript, not attribute syntax
      value_template: orUnknown("value_json['from']"),
    },
  };
}

function slotControls(ctx: Ctx, slot: Slot, notifyTo: string | undefined): Record<string, HaComponent> {
  const out: Record<string, HaComponent> = {
    [`sim${slot}_hangup`]: {
      p: 'button', unique_id: ctx.uid(`sim${slot}_hangup`), name: `SIM${slot} hang up`, icon: 'mdi:phone-hangup',
      command_topic: ctx.topics.command(ctx.devId, 'telhangup'), payload_press: JSON.stringify({ slot }),
    },
  };
  if (notifyTo === undefined) return out;
  out[`sim${slot}_sms`] = {
    p: 'notify', unique_id: ctx.uid(`sim${slot}_sms`), name: `SIM${slot} SMS`, icon: 'mdi:message-arrow-right',
    command_topic: ctx.topics.command(ctx.devId, 'sendsms'), command_template: sendSmsTemplate(slot, notifyTo),
  };
  return out;
}

/**
 * HA's notify entity renders this with `value` = the message (homeassistant/components/mqtt/notify.py) and
 * publishes the result to the sendsms command topic (bridge-contract §4). The number is a JSON literal
 * checked against the sendsms `to` pattern at start, so it cannot contain Jinja.
 */
export function sendSmsTemplate(slot: Slot, to: string): string {
  return `{"slot":${slot},"to":${JSON.stringify(to)},"text":{{ value | to_json }}}`;
}

/** The first non-null of the paths, else `unknown` (HA shows that as Unknown; a bare null would read "None"). */
function orUnknown(...paths: string[]): string {
  return `{{ ${[...paths, "'unknown'"].join(' or ')} }}`;
}
