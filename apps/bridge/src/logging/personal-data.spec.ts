import { maskNumber, maskPersonal, maskText, safeReason } from './personal-data';

describe('personal data masking (issue 6 privacy)', () => {
  it('keeps the last 4 digits of a number and the length of a text', () => {
    expect(maskNumber('+8613206411822')).toBe('********1822');
    expect(maskNumber(10086)).toBe('*0086');
    expect(maskNumber('112')).toBe('****');
    expect(maskText('查话费 please')).toBe('[10 chars]');
  });

  it('masks number and text fields at any depth, leaving everything else', () => {
    const record = { board: 'b1', raw: { phNum: '13800138000', smsBd: 'secret code 4711', type: 501 },
      data: { from: '13800138000', text: 'hi', slot: 1 }, slots: { 1: { msisdn: '+8613206411822', imsi: '4600' } },
      list: [{ to: '10001' }], err: new Error('x'), empty: { from: '' } };
    const masked = maskPersonal(record);
    expect(masked).toEqual({ board: 'b1', raw: { phNum: '*******8000', smsBd: '[16 chars]', type: 501 },
      data: { from: '*******8000', text: '[2 chars]', slot: 1 }, slots: { 1: { msisdn: '********1822', imsi: '4600' } },
      list: [{ to: '*0001' }], err: record.err, empty: { from: '' } });
    expect(JSON.stringify(masked)).not.toMatch(/13800138000|secret code/);
    expect(record.raw.phNum).toBe('13800138000'); // a copy: the original is untouched
  });

  it('masks `to` and `target` only when they hold a number (a forwarding target may be a URL)', () => {
    expect(maskPersonal({ to: '+86 138-0013-8000', target: 'https://hooks.example/x', data: { target: '10086' } }))
      .toEqual({ to: '********8000', target: 'https://hooks.example/x', data: { target: '*0086' } });
  });

  it('stops at a bounded depth', () => {
    let deep: Record<string, unknown> = { text: 'x' };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(maskPersonal(deep))).toContain('[nested]');
  });

  it('drops the input that JSON.parse quotes in its error message', () => {
    const reason = `Unexpected token 'n', "{"phNum":"13800138000","smsBd": nope" is not valid JSON`;
    expect(safeReason(reason)).toBe(`Unexpected token 'n', "…" is not valid JSON`);
    expect(safeReason('Unexpected end of JSON input')).toBe('Unexpected end of JSON input');
    expect(safeReason('x'.repeat(500))).toHaveLength(200);
  });
});
