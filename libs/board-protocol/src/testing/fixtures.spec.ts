import { ALL_FIXTURES, asFormFields, FIXTURES, online100, sms501 } from './fixtures';

describe('board fixtures', () => {
  it('are all exported under distinct names', () => {
    expect(ALL_FIXTURES.length).toBe(Object.keys(FIXTURES).length);
    expect(ALL_FIXTURES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(ALL_FIXTURES)('%s cites its section and is deep-frozen', (_name, fx) => {
    expect(fx.source).toMatch(/^§\d/);
    expect(Object.isFrozen(fx)).toBe(true);
    expect(Object.isFrozen(fx.raw)).toBe(true);
    expect(() => {
      (fx.raw as Record<string, unknown>).type = 0;
    }).toThrow(TypeError);
  });

  it('asFormFields turns every value into the text a FORM upload carries (§1.2)', () => {
    expect(asFormFields(online100.raw)).toEqual({
      devId: '498060912345', type: '100', ip: '192.168.7.170', ssid: 'mywifi', dbm: '61', netCh: '0',
    });
    expect(asFormFields(sms501.raw).smsTm).toBe('1647344840456');
  });
});
