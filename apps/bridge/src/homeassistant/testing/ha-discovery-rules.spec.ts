import { balancedJinja, checkDeviceDiscovery, duplicateUniqueIds, hasPath, templatePaths } from './ha-discovery-rules';

const TOPIC = 'homeassistant/device/dev1/config';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases below poke at arbitrary JSON on purpose
type Json = any;
const good = () => ({
  dev: { ids: ['dev1'], name: 'Board' },
  o: { name: 'board-bridge' },
  cmps: {
    temp: { p: 'sensor', unique_id: 'u1', state_topic: 'a/state', value_template: '{{ value_json.t }}' },
    go: { p: 'button', unique_id: 'u2', command_topic: 'a/cmd' },
  },
  availability: [{ topic: 'a/availability', value_template: '{{ value_json.state }}' }],
  qos: 1,
});
const check = (payload: unknown, topic = TOPIC) => checkDeviceDiscovery(topic, JSON.stringify(payload), 'homeassistant');

/** The checker must catch what HA would refuse, or it proves nothing about the bridge's payloads. */
describe('HA discovery rules', () => {
  it('accepts a well-formed device', () => {
    expect(check(good())).toEqual([]);
  });

  it.each([
    ['a topic outside {prefix}/device/…/config', (p: ReturnType<typeof good>) => p, 'homeassistant/sensor/x/config'],
    ['an object id HA refuses', (p: ReturnType<typeof good>) => p, 'homeassistant/device/a.b/config'],
  ])('refuses %s', (_what, edit, topic) => {
    expect(check(edit(good()), topic)).not.toEqual([]);
  });

  it.each<[string, (p: Record<string, Json>) => void, RegExp]>([
    ['no device identifier', (p) => { p.dev = { name: 'x' }; }, /identifiers or connections/],
    ['an unknown device key', (p) => { p.dev.colour = 'red'; }, /device: unknown key colour/],
    ['no origin name', (p) => { p.o = {}; }, /origin: name is required/],
    ['an unknown top-level key', (p) => { p.extra = 1; }, /top level: unknown key extra/],
    ['no components', (p) => { p.cmps = {}; }, /components: missing/],
    ['an unsupported platform', (p) => { p.cmps.temp.p = 'thermostat'; }, /unsupported platform/],
    ['a component without unique_id', (p) => { delete p.cmps.temp.unique_id; }, /unique_id is required/],
    ['a sensor without state_topic', (p) => { delete p.cmps.temp.state_topic; }, /state_topic is required/],
    ['a button without command_topic', (p) => { delete p.cmps.go.command_topic; }, /command_topic is required/],
    ['an unknown component key (HA drops it silently)', (p) => { p.cmps.temp.valu_template = 'x'; }, /unknown key valu_template/],
    ['a wildcard command topic', (p) => { p.cmps.go.command_topic = 'a/+'; }, /command_topic is not a valid topic/],
    ['a config sensor', (p) => { p.cmps.temp.entity_category = 'config'; }, /cannot be a config entity/],
    ['a timestamp with a unit', (p) => { Object.assign(p.cmps.temp, { device_class: 'timestamp', unit_of_measurement: 's' }); }, /no unit/],
    ['an event without event_types', (p) => { p.cmps.ev = { p: 'event', unique_id: 'u3', state_topic: 'e' }; }, /event_types is required/],
    ['an unbalanced template', (p) => { p.cmps.temp.value_template = '{{ value_json.t }'; }, /not a template/],
    ['availability twice', (p) => { p.availability_topic = 'x'; }, /exclusive/],
    ['an availability entry without topic', (p) => { p.availability = [{ value_template: 'x' }]; }, /needs a valid topic/],
  ])('finds %s', (_what, edit, problem) => {
    const p = good() as Record<string, Json>;
    edit(p);
    expect(check(p).join('\n')).toMatch(problem);
  });

  it('lets components inherit shared options (state_topic at device level)', () => {
    const p = good() as Record<string, Json>;
    delete p.cmps.temp.state_topic;
    p.state_topic = 'a/state';
    expect(check(p)).toEqual([]);
  });

  it('finds unique ids used twice across devices', () => {
    expect(duplicateUniqueIds([good(), good()])).toEqual(['u1', 'u2']);
  });

  it('reads template paths and checks them against a payload', () => {
    expect(templatePaths("{{ value_json.slots['1'].status or value_json.network or 'x' }}"))
      .toEqual([['slots', '1', 'status'], ['network']]);
    expect(hasPath({ slots: { 1: { status: null } } }, ['slots', '1', 'status'])).toBe(true);
    expect(hasPath({ slots: {} }, ['slots', '1', 'status'])).toBe(false);
    expect(balancedJinja('{"a":{{ value | to_json }}}')).toBe(true);
    expect(balancedJinja('{{ a }} }} {{')).toBe(false);
  });
});
