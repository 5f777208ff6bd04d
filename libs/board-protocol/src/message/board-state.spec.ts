import {
  call601, modem301, online100, online100Newer, online102, ping998, sim202, sim204, sim205, sim209, sms501, sms501SmsTs,
  statReply999, statReply999Newer, statReply999Older,
} from '../testing/fixtures';
import type { BoardFixture } from '../testing/fixtures';
import { emptyState, mergeState } from './board-state';
import type { BoardState } from './board-state-types';
import { parseMessage } from './parse-message';

const DEV = '498060912345';
const t0 = new Date('2024-05-01T08:00:00.000Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Merges fixtures in order, one second apart, as the bridge would. */
function replay(fixtures: BoardFixture[], start?: BoardState): BoardState {
  return fixtures.reduce<BoardState | undefined>(
    (state, fx, i) => mergeState(state, parseMessage(fx.raw, { devId: DEV, ...fx.parseOptions }), later(i)),
    start,
  ) as BoardState;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

describe('emptyState', () => {
  it('knows nothing but the board id', () => {
    const state = emptyState(DEV);
    expect(state).toMatchObject({ v: 1, devId: DEV, hwVer: null, network: null, pingCount: null, lastSeen: null });
    expect(state.slots[1]).toEqual(state.slots[2]);
    expect(state.slots[1]).not.toBe(state.slots[2]);
    expect(Object.values(state.slots[1]).every((v) => v === null)).toBe(true);
  });
});

describe('mergeState over the §2.2 boot order', () => {
  const booted = replay([online100, sim202, sim204, sms501, ping998]);

  it('records WiFi, network path and when the board came online (100)', () => {
    expect(booted).toMatchObject({
      netCh: 0, network: 'wifi', wifi: { ssid: 'mywifi', ip: '192.168.7.170', signal: 61 },
      lastOnlineAt: '2024-05-01T08:00:00.000Z', lastSeen: '2024-05-01T08:00:04.000Z', pingCount: 1,
    });
  });

  it('records the SIM identity and status per slot (204) and the last SMS time (501)', () => {
    expect(booted.slots[1]).toMatchObject({
      status: 'ready', imsi: '46007337111234', iccid: '898607D3161990212345', msisdn: '+8613206411822', signal: 61,
      lastSmsAt: '2022-03-15T11:47:20.456Z',
    });
    expect(booted.slots[2].status).toBeNull();
  });

  it('falls back to the bridge clock for an SMS without a board time', () => {
    const { smsTs: _smsTs, ...untimed } = sms501SmsTs.raw;
    const state = mergeState(undefined, parseMessage(untimed), t0);
    expect(state.slots[1].lastSmsAt).toBe(t0.toISOString());
  });

  it('keeps the firmware of a newer 100 and the network path of 101/102', () => {
    const state = replay([online100Newer, online102], emptyState(DEV));
    expect(state).toMatchObject({ network: 'sim2', netCh: 2, slots: { 2: { signal: 61 } } });
  });

  it('205 removes the SIM and everything known about it', () => {
    expect(replay([sim205], booted).slots[1]).toMatchObject({
      status: 'removed', imsi: null, iccid: null, msisdn: null, signal: null, lastSmsAt: '2022-03-15T11:47:20.456Z',
    });
  });

  it('209 and 301 mark errors without losing the identity', () => {
    expect(replay([sim209], booted).slots[1]).toMatchObject({ status: 'error', imsi: '46007337111234' });
    expect(replay([modem301], booted).slots[1].status).toBe('modem_error');
  });

  it('a message without a field does not erase it (204 without msIsdn)', () => {
    const state = replay([{ ...sim204, raw: { ...sim204.raw, msIsdn: '' } }], booted);
    expect(state.slots[1].msisdn).toBe('+8613206411822');
  });

  it('events without state (calls) only move lastSeen', () => {
    const state = mergeState(booted, parseMessage(call601.raw), later(60));
    expect(state).toEqual({ ...booted, lastSeen: later(60).toISOString() });
  });
});

describe('mergeState with stat replies (§3.2)', () => {
  it('takes firmware, settings, WiFi and both slots from a v1 stat', () => {
    const state = replay([statReply999]);
    expect(state).toMatchObject({
      hwVer: 'Y57v671', wifi: { ssid: 'mywifi', ip: '192.168.7.170', signal: 24 },
      settings: { dailyRestartHour: 4, dailyOtaHour: 3, pingSeconds: 110, netOrder: [1, 2] },
    });
    expect(state.slots[1].status).toBe('modem_error');
    expect(state.slots[2]).toMatchObject({
      status: 'ready', operator: 'T', module: 'EC600NCNLAR03A11M08', signal: 78, iccid: '89860321745322288888',
    });
  });

  it('maps NOSIM and newer plmn/scName fields', () => {
    expect(replay([statReply999Older]).slots[1].status).toBe('no_sim');
    expect(replay([statReply999Newer]).slots[1]).toMatchObject({ status: 'ready', operator: '46001', operatorName: 'CHN-UNICOM' });
  });

  it.each([['POWOFF', undefined, 'off'], ['POWON', 'PUK', 'error'], ['POWON', 'NS', 'no_service'], ['POWON', 'LT', 'limited_service']])(
    'slot %s / sim %s is %s',
    (slotSta, simSta, status) => {
      const raw = { devId: DEV, type: 999, slot: { slot1_sta: slotSta, sim1_sta: simSta } };
      expect(mergeState(undefined, parseMessage(raw), t0).slots[1].status).toBe(status);
    },
  );
});

describe('mergeState is pure', () => {
  it('never modifies the previous state', () => {
    const prev = deepFreeze(replay([online100, sim204]));
    const copy = structuredClone(prev);
    const next = replay([sim205, statReply999, sms501], prev);
    expect(prev).toEqual(copy);
    expect(next).not.toBe(prev);
  });

  it('starts over when given the state of another board', () => {
    const other = { ...replay([online100]), devId: 'other' };
    const state = mergeState(other, parseMessage(ping998.raw), t0);
    expect(state).toMatchObject({ devId: DEV, wifi: { ssid: null }, pingCount: 1 });
  });

  it('is plain JSON', () => {
    const state = replay([online100, sim204, sms501, statReply999, ping998]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
