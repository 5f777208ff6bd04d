import fc from 'fast-check';
import {
  filtersOverlap, isValidBoardId, isValidPublishTopic, isValidTopicFilter, isValidTopicLevel, MAX_TOPIC_LEVEL_BYTES,
  topicMatches, TopicScheme,
} from './topics';

describe('TopicScheme builders (bridge-contract §2)', () => {
  const topics = new TopicScheme('boards');

  it('builds every topic of the contract under the base topic', () => {
    expect(topics.availability('498060912345')).toBe('boards/498060912345/availability');
    expect(topics.state('498060912345')).toBe('boards/498060912345/state');
    expect(topics.event('498060912345', 'sms_received')).toBe('boards/498060912345/event/sms_received');
    expect(topics.command('498060912345', 'sendsms')).toBe('boards/498060912345/command/sendsms');
    expect(topics.commandReply('498060912345', 'sendsms')).toBe('boards/498060912345/command/sendsms/reply');
    expect(topics.bridgeState('host-1234')).toBe('boards/bridge/host-1234/state');
    expect(topics.commandFilter()).toBe('boards/+/command/+');
  });

  it('accepts a multi-level base topic', () => {
    const nested = new TopicScheme('site/a/boards');
    expect(nested.state('42')).toBe('site/a/boards/42/state');
    expect(nested.parseCommandTopic('site/a/boards/42/command/reboot')).toEqual({ board: '42', cmd: 'reboot' });
  });

  it.each(['', 'a/+', 'a/#', '/boards', 'boards/', 'a//b', 'a\u0000b'])('refuses base topic %j', (base) => {
    expect(() => new TopicScheme(base)).toThrow(RangeError);
  });

  it.each(['a/b', '+', '#', 'a+b', '', 'x\u0000', 'x'.repeat(MAX_TOPIC_LEVEL_BYTES + 1)])(
    'refuses board id %j instead of building a topic of another shape', (id) => {
      expect(() => topics.state(id)).toThrow(RangeError);
      expect(() => topics.command(id, 'sendsms')).toThrow(RangeError);
    });

  it('refuses the reserved board id "bridge" and bad event or command names', () => {
    expect(() => topics.availability('bridge')).toThrow(/reserved/);
    expect(() => topics.event('42', 'a/b')).toThrow(RangeError);
    expect(() => topics.command('42', '#')).toThrow(RangeError);
    expect(() => topics.bridgeState('a+b')).toThrow(RangeError);
  });
});

describe('TopicScheme.parseCommandTopic', () => {
  const topics = new TopicScheme('boards');

  it('returns board and command for a command topic', () => {
    expect(topics.parseCommandTopic('boards/498060912345/command/sendsms'))
      .toEqual({ board: '498060912345', cmd: 'sendsms' });
  });

  it.each([
    ['a reply topic', 'boards/42/command/sendsms/reply'],
    ['another base', 'other/42/command/sendsms'],
    ['a base that only shares a prefix', 'boardsX/42/command/sendsms'],
    ['a state topic', 'boards/42/state'],
    ['wildcard board', 'boards/+/command/sendsms'],
    ['wildcard command', 'boards/42/command/#'],
    ['board with + inside', 'boards/4+2/command/sendsms'],
    ['empty board level', 'boards//command/sendsms'],
    ['empty command level', 'boards/42/command/'],
    ['NUL in board', 'boards/4\u00002/command/sendsms'],
    ['the reserved bridge level', 'boards/bridge/command/state'],
    ['an overly long board id', `boards/${'9'.repeat(MAX_TOPIC_LEVEL_BYTES + 1)}/command/sendsms`],
    ['an overly long command', `boards/42/command/${'c'.repeat(MAX_TOPIC_LEVEL_BYTES + 1)}`],
    ['the base alone', 'boards'],
  ])('returns null for %s', (_what, topic) => {
    expect(topics.parseCommandTopic(topic)).toBeNull();
  });

  it('round-trips every valid board id and command, and never parses their reply topics', () => {
    const levelArb = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => isValidBoardId(s));
    fc.assert(fc.property(levelArb, levelArb, (id, cmd) => {
      const topic = topics.command(id, cmd);
      expect(topics.parseCommandTopic(topic)).toEqual({ board: id, cmd });
      expect(topicMatches(topics.commandFilter(), topic)).toBe(true);
      expect(topics.parseCommandTopic(topics.commandReply(id, cmd))).toBeNull();
      expect(topicMatches(topics.commandFilter(), topics.commandReply(id, cmd))).toBe(false);
    }));
  });
});

describe('topic validation helpers', () => {
  it('isValidTopicLevel accepts plain levels and refuses structure characters', () => {
    expect(isValidTopicLevel('498060912345')).toBe(true);
    expect(isValidTopicLevel('短信')).toBe(true);
    for (const bad of ['', 'a/b', '+', 'a#', '\u0000']) expect(isValidTopicLevel(bad)).toBe(false);
    // the cap counts UTF-8 bytes, not characters
    expect(isValidTopicLevel('é'.repeat(MAX_TOPIC_LEVEL_BYTES / 2))).toBe(true);
    expect(isValidTopicLevel('é'.repeat(MAX_TOPIC_LEVEL_BYTES / 2 + 1))).toBe(false);
  });

  it('isValidPublishTopic refuses wildcards, NUL and the empty topic', () => {
    expect(isValidPublishTopic('boards/42/state')).toBe(true);
    for (const bad of ['', 'a/+', 'a/#', 'a\u0000']) expect(isValidPublishTopic(bad)).toBe(false);
  });

  it('isValidTopicFilter accepts whole-level wildcards only', () => {
    for (const ok of ['#', '+', 'a/+/b', 'a/#', '+/+', 'a']) expect(isValidTopicFilter(ok)).toBe(true);
    for (const bad of ['', 'a/#/b', 'a#', 'a/b+', '#/a', 'a\u0000']) expect(isValidTopicFilter(bad)).toBe(false);
  });
});

describe('topicMatches', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['+/b', '/b', true],
    ['a/b', 'a/b/c', false],
    ['#', '$SYS/x', false],
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
  ])('%s against %s is %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe('filtersOverlap', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/+/d', false],
    ['a/#', 'a', true],
    ['a/#', 'b/#', false],
    ['#', 'x/y/z', true],
    ['a/b', 'a/b/c', false],
    ['a/+', '+/b', true],
    ['boards/+/command/+', 'boards/#', true],
    ['boards/+/command/+', 'boards/+/command/+/reply', false],
    ['#', '$SYS/x', false],
    ['$SYS/#', '$SYS/+', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected);
    expect(filtersOverlap(b, a)).toBe(expected);
  });

  it('agrees with topicMatches: a topic both filters match means they overlap', () => {
    const level = fc.constantFrom('a', 'b', '+');
    const filter = fc.tuple(fc.array(level, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'));
    const topic = fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 4 }).map((l) => l.join('/'));
    fc.assert(fc.property(filter, filter, topic, (f, g, t) => {
      if (topicMatches(f, t) && topicMatches(g, t)) expect(filtersOverlap(f, g)).toBe(true);
    }));
  });
});
