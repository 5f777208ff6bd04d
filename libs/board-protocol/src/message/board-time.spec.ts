import { readBoardTime } from './board-time';

describe('readBoardTime (board-protocol §5.2, §6.4)', () => {
  it.each<[string, unknown, string]>([
    ['10-digit epoch seconds', 1647344540, '2022-03-15T11:42:20.000Z'],
    ['13-digit epoch milliseconds', 1647344840456, '2022-03-15T11:47:20.456Z'],
    ['epoch seconds as text', '1751460187', '2025-07-02T12:43:07.000Z'],
    ['12-digit yyMMddHHmmss in UTC+8', '220420184724', '2022-04-20T10:47:24.000Z'],
    ['14-digit yyyyMMddHHmmss in UTC+8', '20220330184700', '2022-03-30T10:47:00.000Z'],
    ['seconds with a fraction', 1647344540.9, '2022-03-15T11:42:20.000Z'],
    ['padded text', ' 1647344540 ', '2022-03-15T11:42:20.000Z'],
  ])('%s', (_label, value, iso) => {
    expect(readBoardTime(value)?.toISOString()).toBe(iso);
  });

  it.each<[string, unknown]>([
    ['a clock never set (§1.2, 1970)', 12345],
    ['11 digits', 12345678901],
    ['15 digits', '123456789012345'],
    ['month 13', '221320184724'],
    ['30 February', '20220230120000'],
    ['hour 24', '220420244724'],
    ['negative', -1647344540],
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['huge', 1e300],
    ['text', 'now'],
    ['an object', { t: 1 }],
    ['null', null],
  ])('%s is no time', (_label, value) => {
    expect(readBoardTime(value)).toBeNull();
  });
});
