import { createLogger } from './create-logger';

function capture(level: string): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger(level, 'spec', { write: (s: string) => { lines.push(s); } }) };
}

describe('createLogger (issue 6 privacy)', () => {
  const record = { board: 'b1', raw: { phNum: '13800138000', smsBd: 'code 4711' }, ctrl: { password: 'admin' } };

  it('masks numbers and SMS text at info level and above, at any depth', () => {
    const { lines, log } = capture('info');
    log.warn({ nested: record }, 'x');
    expect(lines[0]).toContain('*******8000');
    expect(lines[0]).not.toMatch(/13800138000|4711|admin"/);
  });

  it('shows them at debug, where the operator asked for detail; secrets stay redacted', () => {
    const { lines, log } = capture('debug');
    log.debug(record, 'x');
    expect(lines[0]).toContain('13800138000');
    expect(lines[0]).toContain('[redacted]');
  });
});
