import { parseOwnerRecord } from './owner-record';
import { RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  it('prefixes every key and channel', () => {
    const k = new RedisKeys('bb:');
    expect([k.epoch('4980'), k.owner('4980'), k.boards('i1'), k.instances, k.channel('i1'), k.queue('4980'),
      k.items, k.deadlines, k.sequence, k.dedup('e1')]).toEqual(['bb:epoch:4980', 'bb:owner:4980', 'bb:boards:i1',
      'bb:instances', 'bb:inst:i1', 'bb:cmdq:4980', 'bb:cmd:items', 'bb:cmd:deadlines', 'bb:cmd:seq', 'bb:dedup:e1']);
  });

  it('puts script keys in one Cluster slot with a hash tag, but not channels or dedup keys', () => {
    const k = new RedisKeys('bb:', true);
    expect(k.owner('1')).toBe('{bb:}owner:1');
    expect(k.ownerPrefix + '1').toBe(k.owner('1'));
    expect(k.boards('i')).toBe('{bb:}boards:i');
    expect(k.channel('i')).toBe('bb:inst:i');
    expect(k.dedup('e')).toBe('bb:dedup:e');
  });
});

describe('parseOwnerRecord', () => {
  it('reads a record', () => {
    expect(parseOwnerRecord('{"instance":"a","epoch":3,"since":17}')).toEqual({ instance: 'a', epoch: 3, since: 17 });
  });

  it.each([null, 'nope', '{}', '{"instance":"a","epoch":1.5,"since":1}', '{"instance":1,"epoch":1,"since":1}'])(
    'treats %p as no record', (raw) => {
      expect(parseOwnerRecord(raw)).toBeNull();
    });
});
