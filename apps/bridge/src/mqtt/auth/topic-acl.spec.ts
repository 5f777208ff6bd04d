import { BLACK_HOLE_TOPIC, type MqttPrincipal, TopicAcl } from './topic-acl';

const acl = new TopicAcl('boards');
const reader: MqttPrincipal = { name: 'r', role: 'reader' };
const operator: MqttPrincipal = { name: 'o', role: 'operator' };
const limited: MqttPrincipal = { name: 'l', role: 'operator', boards: new Set(['111']), commands: new Set(['sendsms']) };
const admin: MqttPrincipal = { name: 'a', role: 'admin' };

/** The bridge's own topics (bridge-contract §2): nobody may publish them. */
const bridgeTopics = ['boards/111/availability', 'boards/111/state', 'boards/111/event/sms_received',
  'boards/111/event', 'boards/111/command/sendsms/reply', 'boards/bridge/i-1/state', 'boards/bridge',
  'boards/bridge/ha-discovery', 'boards/111/ha/event', 'boards/111/ha/last_sms/1'];

describe('TopicAcl publish', () => {
  it.each([reader, operator, limited, admin])('nobody may publish bridge topics ($name)', (who) => {
    for (const topic of bridgeTopics) expect(acl.publishDenial(who, topic)).toBe('bridge-topic');
  });

  it.each([reader, operator, admin])('nobody may publish $ topics ($name)', (who) => {
    expect(acl.publishDenial(who, '$SYS/x/heartbeat')).toBe('system');
    expect(acl.publishDenial(who, BLACK_HOLE_TOPIC)).toBe('system');
  });

  it('readers publish nothing', () => {
    expect(acl.publishDenial(reader, 'boards/111/command/sendsms')).toBe('role');
    expect(acl.publishDenial(reader, 'elsewhere')).toBe('role');
  });

  it('operators publish commands only, to listed boards and commands when restricted', () => {
    expect(acl.publishDenial(operator, 'boards/222/command/restart')).toBeNull();
    expect(acl.publishDenial(operator, 'boards/222/other')).toBe('role');
    expect(acl.publishDenial(operator, 'boards/bridge/command/x')).toBe('bridge-topic');
    expect(acl.publishDenial(operator, 'other/222/command/restart')).toBe('role');
    expect(acl.publishDenial(limited, 'boards/111/command/sendsms')).toBeNull();
    expect(acl.publishDenial(limited, 'boards/111/command/SendSMS')).toBeNull();
    expect(acl.publishDenial(limited, 'boards/222/command/sendsms')).toBe('board');
    expect(acl.publishDenial(limited, 'boards/111/command/restart')).toBe('command');
  });

  it('admins publish anything else', () => {
    expect(acl.publishDenial(admin, 'boards/222/command/restart')).toBeNull();
    expect(acl.publishDenial(admin, 'boards/222/anything')).toBeNull();
    expect(acl.publishDenial(admin, 'elsewhere/x')).toBeNull();
  });

  it('works under a multi-level base topic', () => {
    const deep = new TopicAcl('acme/site-1');
    expect(deep.publishDenial(operator, 'acme/site-1/9/command/stat')).toBeNull();
    expect(deep.publishDenial(admin, 'acme/site-1/9/event/ping')).toBe('bridge-topic');
    expect(deep.publishDenial(admin, 'boards/9/event/ping')).toBeNull();
  });
});

describe('TopicAcl subscribe and read', () => {
  it.each([reader, operator, limited])('readers and operators may subscribe to filters that reach what they read ($name)',
    (who) => {
      for (const filter of ['boards/+/availability', 'boards/+/state', 'boards/+/event/#', 'boards/111/event/ping',
        'boards/+/command/+/reply', 'boards/bridge/#', 'boards/#', '#', '+/+/state', 'boards/111/#']) {
        expect(acl.subscribeDenial(who, filter)).toBeNull();
      }
    });

  it.each([reader, operator, limited])('but not to filters that reach nothing they may read ($name)', (who) => {
    for (const filter of ['boards/111/command/sendsms', 'other/#', 'boards/111/command/+', 'boards/111/other']) {
      expect(acl.subscribeDenial(who, filter)).toBe('role');
    }
    expect(acl.subscribeDenial(who, '$SYS/#')).toBe('system');
  });

  it('readers never receive commands, even through a wide filter', () => {
    expect(acl.mayRead(reader, 'boards/111/event/sms_received')).toBe(true);
    expect(acl.mayRead(reader, 'boards/111/command/sendsms/reply')).toBe(true);
    expect(acl.mayRead(reader, 'boards/111/command/sendsms')).toBe(false);
    expect(acl.mayRead(reader, 'other/x')).toBe(false);
  });

  it('admins subscribe to and read everything but the drop topic', () => {
    expect(acl.subscribeDenial(admin, '#')).toBeNull();
    expect(acl.subscribeDenial(admin, '$SYS/#')).toBeNull();
    expect(acl.subscribeDenial(admin, '$board-bridge/#')).toBe('system');
    expect(acl.mayRead(admin, 'boards/111/command/sendsms')).toBe(true);
    expect(acl.mayRead(admin, BLACK_HOLE_TOPIC)).toBe(false);
  });
});

