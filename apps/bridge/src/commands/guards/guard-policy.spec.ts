import { GuardPolicy, resolveLimits } from './guard-policy';

describe('GuardPolicy', () => {
  it('guards the costly commands of the table by default, with the built-in limits', () => {
    const p = new GuardPolicy(undefined, 8);
    expect([...p.commands].sort()).toEqual(['sendsms', 'teldial']);
    expect(p.guards('sendsms')).toBe(true);
    expect(p.guards('stat')).toBe(false);
    expect(p.timeZone).toBe(8);
    expect(p.whenSharedStateDown).toBe('local');
    expect(p.forBoard('any').limits('sendsms')).toEqual({ board: { perMinute: 10, perHour: 100, perDay: 400 },
      sim: { perMinute: 6, perHour: 60, perDay: 200 } });
    expect(p.forBoard('any').destinations.premium.length).toBeGreaterThan(0);
  });

  it('overlays built-in → global default → global command → board default → board command, field by field', () => {
    const p = new GuardPolicy({
      limits: { default: { sim: { perDay: 50 } }, sendsms: { sim: { perMinute: 3 }, board: { perHour: null } } },
      boards: { lab: { limits: { default: { board: { perDay: 9 } }, sendsms: { sim: { perDay: 500 } } } } },
    }, 8);
    expect(p.forBoard('other').limits('sendsms')).toEqual({ board: { perMinute: 10, perDay: 400 },
      sim: { perMinute: 3, perHour: 60, perDay: 50 } });
    expect(p.forBoard('lab').limits('sendsms')).toEqual({ board: { perMinute: 10, perDay: 9 },
      sim: { perMinute: 3, perHour: 60, perDay: 500 } });
    expect(p.forBoard('lab').limits('teldial').sim.perDay).toBe(50);
  });

  it('switches off globally or per board, and guards only the listed commands when given', () => {
    expect(new GuardPolicy({ enabled: false }, 8).guards('sendsms')).toBe(false);
    const p = new GuardPolicy({ commands: ['sendsms', 'telanswer'], boards: { lab: { enabled: false } } }, 8);
    expect(p.guards('teldial')).toBe(false);
    expect(p.guards('telanswer')).toBe(true);
    expect(p.forBoard('lab').enabled).toBe(false);
    expect(p.forBoard('other').enabled).toBe(true);
    expect(p.forBoard('other').limits('telanswer').sim.perDay).toBe(60);
  });
});

describe('resolveLimits', () => {
  it('0 is a limit (nothing passes), null removes one', () => {
    expect(resolveLimits([{ sim: { perDay: 5 } }, { sim: { perDay: 0 } }]).sim).toEqual({ perDay: 0 });
    expect(resolveLimits([{ sim: { perDay: 5 } }, { sim: { perDay: null } }]).sim).toEqual({});
  });
});
