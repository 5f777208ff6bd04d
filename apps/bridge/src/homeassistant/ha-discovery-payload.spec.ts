import { emptyState, validateCommand } from '@board-bridge/board-protocol';
import { loadConfig } from '../config';
import { TopicScheme } from '../mqtt/topics';
import { sendSmsTemplate } from './ha-components';
import { deviceDiscovery, haBoard } from './ha-discovery-payload';
import { HA_EVENT_TYPES } from './ha-event';
import { HA_OBJECT_ID, HaTopics, objectIdOf } from './ha-topics';
import {
  checkDeviceDiscovery, duplicateUniqueIds, expandDiscovery, hasPath, templatePaths,
} from './testing/ha-discovery-rules';

const REGISTRY = `
defaults: { timeZone: 8 }
boards:
  "498060912345": { name: office, ha: { notifyTo: "+8613800000000" } }
  "498060912346": { name: lab, ha: { notifyTo: { 2: "10086" } } }
  "498060912347": {}
`;
const config = loadConfig({ BOARDS_FILE: 'boards.yaml', HA_DISCOVERY: 'true' }, () => REGISTRY);
const topics = new TopicScheme('boards');
const ha = new HaTopics(topics, 'homeassistant');
const build = (id: string) => deviceDiscovery(topics, ha, haBoard(config, id));
const IDS = ['498060912345', '498060912346', '498060912347', 'unlisted-1'];

/** What HA's notify entity publishes: the template with `value` rendered by `to_json` (JSON of the message). */
function renderNotify(template: string, message: string): string {
  const [before, after, ...rest] = template.split('{{ value | to_json }}');
  expect(rest).toHaveLength(0);
  expect(`${before}${after}`).not.toMatch(/\{\{|\{%|\{#/);
  return `${before}${JSON.stringify(message)}${after}`;
}

describe('device discovery payload (HA device-based discovery)', () => {
  it.each(IDS)('board %s passes every HA discovery rule', (id) => {
    expect(checkDeviceDiscovery(ha.discovery(id), JSON.stringify(build(id)), 'homeassistant')).toEqual([]);
  });

  it('has unique ids that are unique across boards and reused for nothing else', () => {
    expect(duplicateUniqueIds(IDS.map(build))).toEqual([]);
    const payload = build(IDS[0]);
    for (const [key, c] of Object.entries(payload.cmps)) expect(c.unique_id).toBe(`${ha.objectId(IDS[0])}_${key}`);
  });

  it('names the device after the registry and identifies it by its object id', () => {
    expect(build(IDS[0]).dev).toMatchObject({ ids: [ha.objectId(IDS[0])], name: 'office', sn: IDS[0] });
    expect(build('unlisted-1').dev.name).toBe('SMS board unlisted-1');
    expect(build(IDS[0]).o).toMatchObject({ name: 'board-bridge' });
  });

  it('takes availability from the board availability topic', () => {
    expect(build(IDS[0]).availability).toEqual([{ topic: 'boards/498060912345/availability',
      value_template: '{{ value_json.state }}', payload_available: 'online', payload_not_available: 'offline' }]);
  });

  it('has notify entities only for slots with a destination', () => {
    const notifies = (id: string) => Object.entries(build(id).cmps).filter(([, c]) => c.p === 'notify').map(([k]) => k);
    expect(notifies(IDS[0])).toEqual(['sim1_sms', 'sim2_sms']);
    expect(notifies(IDS[1])).toEqual(['sim2_sms']);
    expect(notifies(IDS[2])).toEqual([]);
  });

  it('reads only keys the retained state has (board-state-types.ts)', () => {
    const state = JSON.parse(JSON.stringify(emptyState(IDS[0])));
    const onState = Object.values(expandDiscovery(build(IDS[0])).components).filter((c) => c.state_topic === topics.state(IDS[0]));
    expect(onState.length).toBeGreaterThanOrEqual(10);
    for (const c of onState) {
      for (const t of [c.value_template, c.json_attributes_template].filter((x): x is string => typeof x === 'string')) {
        for (const path of templatePaths(t)) expect([t, hasPath(state, path)]).toEqual([t, true]);
      }
    }
  });

  it('commands what the board understands: notify → sendsms, buttons → restart / telhangup', () => {
    const c = build(IDS[0]).cmps;
    const sms = JSON.parse(renderNotify(String(c.sim2_sms.command_template), '查话费 "x" {{y}}'));
    expect(sms).toEqual({ slot: 2, to: '+8613800000000', text: '查话费 "x" {{y}}' });
    expect(validateCommand('sendsms', sms).positional).toEqual([2, '+8613800000000', '查话费 "x" {{y}}']);
    expect(validateCommand('restart', JSON.parse(String(c.restart.payload_press))).cmd).toBe('restart');
    expect(JSON.parse(String(c.sim1_hangup.payload_press))).toEqual({ slot: 1 });
    expect(validateCommand('telhangup', JSON.parse(String(c.sim2_hangup.payload_press))).positional).toEqual([2]);
    expect(c.restart.command_topic).toBe('boards/498060912345/command/restart');
    expect(c.sim1_hangup.command_topic).toBe('boards/498060912345/command/telhangup');
  });

  it('fires the event entity for SMS and call events', () => {
    expect(build(IDS[0]).cmps.events).toMatchObject({ p: 'event', state_topic: 'boards/498060912345/ha/event',
      event_types: [...HA_EVENT_TYPES] });
  });

  it('depends on the configuration only (every instance publishes the same bytes)', () => {
    expect(JSON.stringify(build(IDS[0]))).toBe(JSON.stringify(build(IDS[0])));
  });
});

describe('sendSmsTemplate', () => {
  it('keeps the number a JSON literal', () => {
    expect(sendSmsTemplate(1, '+861')).toBe('{"slot":1,"to":"+861","text":{{ value | to_json }}}');
  });
});

describe('HA topics', () => {
  it('builds the discovery topic and object id HA accepts', () => {
    expect(ha.discovery('498060912345')).toBe('homeassistant/device/board_bridge_boards_498060912345/config');
    expect(ha.event('498060912345')).toBe('boards/498060912345/ha/event');
    expect(ha.lastSms('498060912345', 2)).toBe('boards/498060912345/ha/last_sms/2');
    expect(ha.marker()).toBe('boards/bridge/ha-discovery');
  });

  it('replaces what HA refuses in an object id and keeps such ids apart', () => {
    const a = objectIdOf('site/a', 'x.y');
    expect(a).toMatch(HA_OBJECT_ID);
    expect(a).toMatch(/^board_bridge_site_a_x_y_[0-9a-f]{8}$/);
    expect(objectIdOf('site/a', 'x_y')).not.toBe(a);
    expect(objectIdOf('boards', 'x_y')).toBe('board_bridge_boards_x_y');
  });

  it('refuses a board id that is no topic level', () => {
    expect(() => ha.event('a/b')).toThrow(RangeError);
  });
});

describe('Home Assistant settings', () => {
  it('defaults: off, prefix homeassistant, birth topic homeassistant/status, 5 s', () => {
    expect(loadConfig({})).toMatchObject({ HA_DISCOVERY: false, HA_DISCOVERY_PREFIX: 'homeassistant',
      HA_STATUS_TOPIC: 'homeassistant/status', HA_REPUBLISH_DELAY_MS: 5000 });
  });

  it('refuses a wildcard prefix and a notifyTo that is no phone number, naming both', () => {
    const bad = 'boards:\n  "1": { ha: { notifyTo: "call me" } }\n  "2": { ha: { notifyTo: { 3: "1" } } }\n';
    expect(() => loadConfig({ HA_DISCOVERY_PREFIX: 'ha/#', BOARDS_FILE: 'b.yaml' }, () => bad))
      .toThrow(/HA_DISCOVERY_PREFIX[\s\S]*boards\.1\.ha\.notifyTo[\s\S]*boards\.2\.ha\.notifyTo/);
  });
});
