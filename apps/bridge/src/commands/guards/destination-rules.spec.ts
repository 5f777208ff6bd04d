import { checkDestination, destinationForms } from './destination-rules';
import { resolveDestinations } from './guard-policy';

const builtin = resolveDestinations(undefined, undefined);

describe('destinationForms', () => {
  it.each([
    ['13812345678', ['13812345678']],
    ['+8613812345678', ['13812345678']],
    ['008610658000', ['10658000']],
    ['8610658000', ['8610658000', '10658000']],
    ['+12125551234', ['+12125551234']],
  ])('%s → %j', (input, forms) => {
    expect(destinationForms(input, '86')).toEqual(forms);
  });
});

describe('checkDestination with the built-in premium patterns', () => {
  it.each([
    ['13812345678', 'a mainland mobile'],
    ['+8613812345678', 'a mainland mobile in international form'],
    ['10086', 'the China Mobile service number'],
    ['10001', 'the self-service number of the README example'],
    ['95588', 'a 95 national customer-service number (billed as an ordinary call)'],
    ['02112345678', 'a landline with area code'],
  ])('lets %s through (%s)', (to) => {
    expect(checkDestination(to, builtin)).toEqual({ ok: true });
  });

  it.each([
    ['1065812345', '^106', 'an SP access code'],
    ['106902', '^106', 'a nationwide SP code'],
    ['+861066888', '^106', 'an SP code behind +86'],
    ['00861062777', '^106', 'an SP code behind 0086'],
    ['8610658', '^106', 'an SP code behind a bare 86'],
    ['12590123', '^125', 'a voice information service'],
    ['12530', '^125', 'the ring-back tone service'],
    ['1795100123456', '^179\\d\\d', 'an IP long-distance prefix'],
    ['+12125551234', '^(\\+|00)', 'an international number'],
    ['0085212345678', '^(\\+|00)', 'Hong Kong with 00'],
    ['**21*13812345678#', '[*#]', 'an MMI code forwarding every call'],
    ['*100#', '[*#]', 'a USSD code'],
  ])('refuses %s by %s (%s)', (to, pattern) => {
    expect(checkDestination(to, builtin)).toEqual({ ok: false, rule: 'premium', pattern });
  });
});

describe('checkDestination with operator rules', () => {
  const rules = resolveDestinations(
    { deny: ['^10086$'], allow: ['^1[3-9]\\d{9}$', '^100\\d\\d$'], premiumExceptions: ['^1065812345$'] },
    { deny: ['^139'] });

  it('denies first, whatever else matches (a board adds to the global deny list)', () => {
    expect(checkDestination('10086', rules)).toEqual({ ok: false, rule: 'deny', pattern: '^10086$' });
    expect(checkDestination('+8613912345678', rules)).toEqual({ ok: false, rule: 'deny', pattern: '^139' });
  });

  it('lets a listed premium exception through, but it must still be in the allow list', () => {
    expect(checkDestination('1065812345', rules)).toEqual({ ok: false, rule: 'not-in-allowlist' });
    const open = resolveDestinations({ premiumExceptions: ['^1065812345$'] }, undefined);
    expect(checkDestination('1065812345', open)).toEqual({ ok: true });
    expect(checkDestination('1065812346', open)).toMatchObject({ ok: false, rule: 'premium' });
  });

  it('with an allow list, passes only matching destinations, in any form', () => {
    expect(checkDestination('13812345678', rules)).toEqual({ ok: true });
    expect(checkDestination('+8613812345678', rules)).toEqual({ ok: true });
    expect(checkDestination('10010', rules)).toEqual({ ok: true });
    expect(checkDestination('02112345678', rules)).toEqual({ ok: false, rule: 'not-in-allowlist' });
  });

  it('premium: allow switches the premium list off; premiumPatterns replaces it', () => {
    expect(checkDestination('+12125551234', resolveDestinations({ premium: 'allow' }, undefined))).toEqual({ ok: true });
    const own = resolveDestinations({ premiumPatterns: ['^900'] }, undefined);
    expect(checkDestination('10658', own)).toEqual({ ok: true });
    expect(checkDestination('900123', own)).toMatchObject({ ok: false, rule: 'premium' });
  });

  it('a board may change the home country: +86 is then international', () => {
    const de = resolveDestinations(undefined, { homeCountryCode: '49' });
    expect(checkDestination('+491711234567', de)).toEqual({ ok: true });
    expect(checkDestination('+8613812345678', de)).toMatchObject({ ok: false, rule: 'premium', pattern: '^(\\+|00)' });
  });
});
