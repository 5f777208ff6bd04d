import fc from 'fast-check';
import { TimeFormatError } from '../errors';
import { formatBoardTime, parseBoardTime } from './board-time';

describe('formatBoardTime (board-protocol §1.4, §5.2)', () => {
  it('gives the §1.4 handshake example in UTC+8 by default', () => {
    expect(formatBoardTime(new Date('2022-03-30T10:47:00Z'))).toBe('20220330184700');
  });

  it('gives the §1.2 HTTP reply example', () => {
    expect(formatBoardTime(new Date('2022-02-18T07:06:05Z'), 8)).toBe('20220218150605');
  });

  it('rolls over the date in the board zone', () => {
    expect(formatBoardTime(new Date('2023-12-31T16:00:00Z'))).toBe('20240101000000');
  });

  it('formats in other zones, including negative and fractional offsets', () => {
    const date = new Date('2024-02-29T23:30:59Z');
    expect(formatBoardTime(date, 0)).toBe('20240229233059');
    expect(formatBoardTime(date, -5)).toBe('20240229183059');
    expect(formatBoardTime(date, 5.5)).toBe('20240301050059');
  });

  it('rejects an invalid date and an impossible offset', () => {
    expect(() => formatBoardTime(new Date('nonsense'))).toThrow(TimeFormatError);
    expect(() => formatBoardTime(new Date(), 15)).toThrow(RangeError);
    expect(() => formatBoardTime(new Date(), Number.NaN)).toThrow(RangeError);
  });
});

describe('parseBoardTime (board-protocol §5.2)', () => {
  it.each([
    ['13-digit epoch ms (smsTm)', 1647344840456, '2022-03-15T11:47:20.456Z'],
    ['13-digit epoch ms as a FORM string', '1647344840456', '2022-03-15T11:47:20.456Z'],
    ['10-digit epoch s (startTm)', 1647344540, '2022-03-15T11:42:20.000Z'],
    ['10-digit epoch s as a string with spaces', ' 1751460187 ', '2025-07-02T12:43:07.000Z'],
    ['12-digit yyMMddHHmmss (stat.devTime)', '220420184724', '2022-04-20T10:47:24.000Z'],
    ['12-digit yyMMddHHmmss as a number', 220420184724, '2022-04-20T10:47:24.000Z'],
    ['14-digit yyyyMMddHHmmss (now p1)', '20220330184700', '2022-03-30T10:47:00.000Z'],
    ['a leap day', '20240229120000', '2024-02-29T04:00:00.000Z'],
  ])('reads %s', (_name, value, iso) => {
    expect(parseBoardTime(value).toISOString()).toBe(iso);
  });

  it('reads local times in another zone', () => {
    expect(parseBoardTime('20220330184700', 0).toISOString()).toBe('2022-03-30T18:47:00.000Z');
    expect(parseBoardTime('220330184700', -3).toISOString()).toBe('2022-03-30T21:47:00.000Z');
    // Epoch values are zone-independent.
    expect(parseBoardTime(1647344540, -3).toISOString()).toBe('2022-03-15T11:42:20.000Z');
  });

  it.each([
    ['month 13', '20221301000000'],
    ['month 0', '20220001000000'],
    ['day 0', '20220100000000'],
    ['30 February', '20220230000000'],
    ['29 February in a common year', '230229000000'],
    ['31 April', '20220431120000'],
    ['hour 24', '20220101240000'],
    ['minute 60', '20220101126000'],
    ['second 60', '20220101120060'],
    ['11 digits', '16473448404'],
    ['9 digits', 164734484],
    ['15 digits', '202203301847001'],
    ['a fraction', 1647344840.5],
    ['a negative number', -1647344840],
    ['NaN', Number.NaN],
    ['letters', '2022-03-30 18:47'],
    ['a signed string', '+1647344840'],
    ['the empty string', ''],
    ['a non-string', null as unknown as string],
  ])('rejects %s', (_name, value) => {
    expect(() => parseBoardTime(value)).toThrow(TimeFormatError);
  });

  it('reads back what formatBoardTime wrote, to the second, in any zone', () => {
    const date = fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true });
    const offset = fc.integer({ min: -24, max: 28 }).map((q) => q / 2);
    fc.assert(fc.property(date, offset, (d, tz) => {
      const seconds = Math.floor(d.getTime() / 1000) * 1000;
      expect(parseBoardTime(formatBoardTime(d, tz), tz).getTime()).toBe(seconds);
    }), { numRuns: 200 });
  });

  it('throws only TimeFormatError for random strings and numbers', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 16 }), fc.double(), fc.stringMatching(/^\d{10,14}$/)), (value) => {
      let outcome: unknown;
      try {
        outcome = parseBoardTime(value);
      } catch (err) {
        outcome = err;
      }
      expect(outcome instanceof TimeFormatError || (outcome instanceof Date && !Number.isNaN(outcome.getTime()))).toBe(true);
    }), { numRuns: 200 });
  });
});
