import { COMMAND_TABLE, commandNames, getCommandSpec } from './command-table';
import { checkParam } from './validate-param';

const DOCUMENTED = [
  'stat', 'now', 'restart', 'dailyrst', 'dailyota', 'otanow', 'pingsec', 'chpwduser',
  'addwf', 'delwf', 'wf',
  'slotrst', 'slotoff', 'simcfu', 'asksimcfu',
  'sendsms', 'querysms',
  'teldial', 'telanswer', 'telhangup', 'teltts', 'stoptts', 'telkeypress', 'querytel',
];
const CALL_CONTROL = ['teldial', 'telanswer', 'telhangup', 'teltts', 'stoptts', 'telkeypress'];

const namesOf = (cmd: string) => getCommandSpec(cmd)?.params.map((p) => p.name);
const where = (pred: (name: string) => boolean) => commandNames().filter(pred);

describe('command table (§3.2)', () => {
  it('lists every documented v1 command once, in §3.2 order', () => {
    expect(commandNames()).toEqual(DOCUMENTED);
  });

  it('finds a spec ignoring case and returns undefined for anything else', () => {
    expect(getCommandSpec('dailyOTA')?.name).toBe('dailyota');
    expect(getCommandSpec('SENDSMS')?.name).toBe('sendsms');
    expect(getCommandSpec('telstartrecord')).toBeUndefined();
    expect(getCommandSpec('__proto__')).toBeUndefined();
    expect(getCommandSpec(42 as unknown as string)).toBeUndefined();
  });

  it('uses the parameter names of bridge-contract §4', () => {
    expect(namesOf('sendsms')).toEqual(['slot', 'to', 'text']);
    expect(namesOf('teldial')).toEqual(['slot', 'number', 'maxSeconds', 'tts', 'ttsRepeat', 'ttsPause', 'afterTts']);
    expect(namesOf('telanswer')).toEqual(['slot', 'maxSeconds', 'tts', 'ttsRepeat', 'ttsPause', 'afterTts']);
    expect(namesOf('now')).toEqual(['time', 'autoSync', 'timeZone']);
    expect(namesOf('telkeypress')).toEqual(['slot', 'keys', 'toneMs', 'gapMs']);
    expect(namesOf('querytel')).toEqual(['offset', 'limit', 'callType', 'keyword', 'slot']);
    expect(namesOf('querysms')).toEqual(['offset', 'limit', 'keyword', 'slot']);
  });

  it.each(COMMAND_TABLE.map((spec) => [spec.name, spec] as const))('%s: params are well formed', (_name, spec) => {
    const names = spec.params.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z]*$/);
    // Positional: a required parameter after an optional one could never be left out.
    const firstOptional = spec.params.findIndex((p) => !p.required);
    if (firstOptional >= 0) expect(spec.params.slice(firstOptional).every((p) => !p.required)).toBe(true);
    for (const param of spec.params) {
      if (param.type === 'integer') expect(param.min).toBeLessThanOrEqual(param.max);
      if (param.type === 'string') expect(param.minLength).toBeLessThanOrEqual(param.maxLength);
      if (param.type === 'string' && param.pattern) expect(() => new RegExp(param.pattern!, 'u')).not.toThrow();
      if (param.default !== undefined) {
        expect(param.required).toBe(false);
        expect(checkParam(param, param.default)).toEqual({ ok: true, value: param.default });
      }
    }
  });

  it('documents defaults where §3.2 gives them', () => {
    const defaultOf = (cmd: string, name: string) => getCommandSpec(cmd)?.params.find((p) => p.name === name)?.default;
    expect(defaultOf('teldial', 'maxSeconds')).toBe(175);
    expect(defaultOf('telanswer', 'maxSeconds')).toBe(175);
    expect(defaultOf('teltts', 'ttsRepeat')).toBe(0);
    expect(defaultOf('telkeypress', 'toneMs')).toBe(200);
    expect(defaultOf('telkeypress', 'gapMs')).toBe(100);
    expect(defaultOf('now', 'autoSync')).toBe(15);
    expect(defaultOf('now', 'timeZone')).toBe(8);
    // Factory settings, not what an omitted p1 means: no default, the hour is required.
    expect(getCommandSpec('dailyrst')?.params[0]).toMatchObject({ required: true });
    expect(defaultOf('dailyrst', 'hour')).toBeUndefined();
  });

  it('requires a tid for stat, now and sendsms only (§3.1)', () => {
    expect(where((n) => getCommandSpec(n)?.tid === 'required')).toEqual(['stat', 'now', 'sendsms']);
  });

  it('expects no immediate answer from restart and now only', () => {
    expect(where((n) => getCommandSpec(n)?.reply === false)).toEqual(['now', 'restart']);
    expect(where((n) => getCommandSpec(n)?.replyData === true)).toEqual(['stat', 'querysms', 'querytel']);
  });

  it('marks sendsms and teldial as costly', () => {
    expect(where((n) => getCommandSpec(n)?.costly === true)).toEqual(['sendsms', 'teldial']);
  });

  it('uses the TTLs of contract §4: sendsms 300, call control and restart 0', () => {
    expect(getCommandSpec('sendsms')?.defaultTtlSec).toBe(300);
    expect(getCommandSpec('restart')?.defaultTtlSec).toBe(0);
    for (const cmd of CALL_CONTROL) expect(getCommandSpec(cmd)?.defaultTtlSec).toBe(0);
    for (const spec of COMMAND_TABLE) expect(spec.defaultTtlSec).toBeGreaterThanOrEqual(0);
  });

  it('has a report timeout exactly when a report is expected', () => {
    for (const spec of COMMAND_TABLE) {
      const expectsReport = spec.reports.completes.length + spec.reports.fails.length > 0;
      expect(spec.reportTimeoutSec !== null).toBe(expectsReport);
    }
    expect(getCommandSpec('sendsms')?.reportTimeoutSec).toBe(60);
    expect(getCommandSpec('simcfu')?.reportTimeoutSec).toBe(90);
    expect(getCommandSpec('asksimcfu')?.reportTimeoutSec).toBe(90);
    expect(getCommandSpec('teldial')?.reportTimeoutSec).toBe(60);
  });

  it('is frozen, so no caller can change validation for everyone', () => {
    const spec = getCommandSpec('sendsms')!;
    expect(Object.isFrozen(spec)).toBe(true);
    expect(() => { (spec as { costly: boolean }).costly = false; }).toThrow(TypeError);
    expect(() => { (spec.params as unknown[]).push({}); }).toThrow(TypeError);
  });
});
