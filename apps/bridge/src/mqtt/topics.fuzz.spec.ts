import fc from 'fast-check';
import { hostileText, INHERITED_NAMES, MEGABYTE, outcomeOf, prototypesIntact } from '@board-bridge/board-protocol/testing/hostile';
import {
  isValidBoardId, isValidPublishTopic, isValidTopicFilter, isValidTopicLevel, MAX_TOPIC_BYTES, topicMatches, TopicScheme,
} from './topics';

/**
 * issue 6 "Fuzzing", topic parser (bridge-contract §2): every topic a publisher can choose, and every filter
 * a subscriber can ask for, is parsed or refused without throwing; a parsed command topic is exactly the one
 * the scheme would build. topics.spec.ts covers the documented shapes and round trips of valid ids.
 */

const RUNS = 300;
const BASES = ['boards', 'site/a/boards'];
/** A level as a hostile publisher would choose it. */
const level = fc.oneof(
  fc.constantFrom('', '+', '#', 'a+', '#b', '\u0000', 'command', 'bridge', 'reply', '$SYS', ...INHERITED_NAMES, 'x'.repeat(129)),
  hostileText,
  fc.stringMatching(/^[0-9a-f]{1,16}$/),
);
const topic = fc.oneof(
  fc.tuple(fc.constantFrom(...BASES, 'boardsX', ''), fc.array(level, { maxLength: 5 })).map(([b, l]) => [b, ...l].join('/')),
  fc.tuple(fc.constantFrom(...BASES), level, level).map(([b, id, cmd]) => `${b}/${id}/command/${cmd}`),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(`boards/${MEGABYTE}/command/x`, `boards/1/command/${'c'.repeat(MAX_TOPIC_BYTES)}`),
);

/** [MQTT-4.7.1] as one regular expression: `+` a whole level, `#` only as the whole last level. */
const FILTER = /^(?:#|(?:\+|[^/+#]*)(?:\/(?:\+|[^/+#]*))*(?:\/#)?)$/;
function filterOracle(f: unknown): boolean {
  return typeof f === 'string' && f !== '' && !f.includes('\u0000') && Buffer.byteLength(f) <= MAX_TOPIC_BYTES
    && FILTER.test(f);
}

describe('topic parsing on hostile input (fuzz)', () => {
  it('parseCommandTopic returns null or exactly the parts the scheme builds that topic from', () => {
    const schemes = BASES.map((b) => new TopicScheme(b));
    let parsedCount = 0;
    fc.assert(fc.property(topic, fc.constantFrom(...schemes), (t, scheme) => {
      const outcome = outcomeOf(() => scheme.parseCommandTopic(t));
      if ('error' in outcome) throw outcome.error;
      const parsed = outcome.value;
      if (parsed === null) return;
      parsedCount++;
      expect(Object.keys(parsed)).toEqual(['board', 'cmd']);
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      expect(isValidBoardId(parsed.board) && isValidTopicLevel(parsed.cmd)).toBe(true);
      expect(scheme.command(parsed.board, parsed.cmd)).toBe(t);
      expect(prototypesIntact()).toBe(true);
    }), { numRuns: RUNS });
    expect(parsedCount).toBeGreaterThan(0);
  });

  it('parseCommandTopic and the validators answer any non-string with null or false', () => {
    const scheme = new TopicScheme('boards');
    fc.assert(fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true }), (v) => {
      fc.pre(typeof v !== 'string');
      expect(scheme.parseCommandTopic(v as string)).toBeNull();
      for (const check of [isValidTopicFilter, isValidPublishTopic, isValidTopicLevel, isValidBoardId]) {
        expect(check(v as string)).toBe(false);
      }
    }), { numRuns: 100 });
  });

  it('isValidTopicFilter agrees with the MQTT grammar on any text', () => {
    const filter = fc.oneof(topic, fc.array(fc.constantFrom('+', '#', 'a', '', 'a+', '#a', '$SYS', '\u0000'), { maxLength: 5 })
      .map((l) => l.join('/')));
    fc.assert(fc.property(filter, (f) => {
      expect(isValidTopicFilter(f)).toBe(filterOracle(f));
    }), { numRuns: RUNS });
  });

  it('topicMatches never throws on a valid filter, and a filter without wildcards matches only itself', () => {
    fc.assert(fc.property(topic.filter(isValidTopicFilter), topic.filter(isValidPublishTopic), (f, t) => {
      const matches = topicMatches(f, t);
      if (!f.includes('+') && !f.includes('#')) expect(matches).toBe(f === t);
      if (f === '#') expect(matches).toBe(!t.startsWith('$'));
    }), { numRuns: RUNS });
  });
});
