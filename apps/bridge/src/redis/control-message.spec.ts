import { parseControlMessage } from './control-message';

describe('parseControlMessage', () => {
  it('reads drop and wake messages', () => {
    expect(parseControlMessage('{"type":"drop","board":"4980","epoch":7}')).toEqual({ type: 'drop', board: '4980', epoch: 7 });
    expect(parseControlMessage('{"type":"wake","board":"4980"}')).toEqual({ type: 'wake', board: '4980' });
  });

  it('drops fields it does not know', () => {
    expect(parseControlMessage('{"type":"wake","board":"b","x":1}')).toEqual({ type: 'wake', board: 'b' });
  });

  it.each([
    ['not JSON', '{nope'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['unknown type', '{"type":"boom","board":"b"}'],
    ['missing board', '{"type":"wake"}'],
    ['empty board', '{"type":"wake","board":""}'],
    ['drop without epoch', '{"type":"drop","board":"b"}'],
    ['drop with a string epoch', '{"type":"drop","board":"b","epoch":"3"}'],
    ['drop with a fractional epoch', '{"type":"drop","board":"b","epoch":1.5}'],
  ])('returns null for %s', (_what, raw) => {
    expect(parseControlMessage(raw)).toBeNull();
  });
});
