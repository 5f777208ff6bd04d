import type { BoardState, NetworkPath, SlotState, SlotStatus } from './board-state-types';
import type { StatResult, StatSlot } from './reply-types';
import type { BoardMessage, OnlineMessage, SimMessage, SlotNumber } from './types';

const EMPTY_SLOT: SlotState = {
  status: null, imsi: null, iccid: null, msisdn: null, signal: null,
  operator: null, operatorName: null, module: null, lastSmsAt: null,
};

export function emptyState(devId: string): BoardState {
  return {
    v: 1, devId, hwVer: null, netCh: null, network: null,
    wifi: { ssid: null, ip: null, signal: null },
    slots: { 1: { ...EMPTY_SLOT }, 2: { ...EMPTY_SLOT } },
    settings: { dailyRestartHour: null, dailyOtaHour: null, pingSeconds: null, netOrder: null },
    pingCount: null, lastOnlineAt: null, lastSeen: null,
  };
}

/**
 * The next snapshot after `msg`. Pure: `prev` is never modified. A `prev` of another board is ignored, so
 * the result always describes `msg.devId`. A field is only overwritten by a value the message actually
 * carries: a 204 without `msIsdn` does not erase a number a stat reply reported.
 */
export function mergeState(prev: BoardState | undefined, msg: BoardMessage, receivedAt: Date): BoardState {
  const base = prev !== undefined && prev.devId === msg.devId ? prev : emptyState(msg.devId);
  const at = receivedAt.toISOString();
  const next: BoardState = { ...base, lastSeen: at, ...pathOf(msg.netCh, base) };
  switch (msg.kind) {
    case 'online': return mergeOnline(next, msg, at);
    case 'sim': return withSlot(next, msg.slot, simPatch(msg));
    case 'modem_error': return withSlot(next, msg.slot, { status: 'modem_error' });
    case 'sms_received':
      return withSlot(next, msg.slot, { ...identityPatch(msg), lastSmsAt: (msg.sentAt ?? receivedAt).toISOString() });
    case 'ping': return msg.count === null ? next : { ...next, pingCount: msg.count };
    case 'reply': return msg.result?.kind === 'stat' ? mergeStat(next, msg.result) : next;
    default: return next;
  }
}

/** §2.1: netCh says which path carried this message; it is the board's current path. */
function pathOf(netCh: number | null, base: BoardState): Pick<BoardState, 'netCh' | 'network'> {
  if (netCh === null) return { netCh: base.netCh, network: base.network };
  const paths: Record<number, NetworkPath> = { 0: 'wifi', 1: 'sim1', 2: 'sim2' };
  return { netCh, network: paths[netCh] ?? null };
}

/** 101/102 report the SIM's signal, 100 the WiFi's (§2.2). */
function mergeOnline(state: BoardState, msg: OnlineMessage, at: string): BoardState {
  const next: BoardState = { ...state, lastOnlineAt: at, hwVer: msg.hwVer ?? state.hwVer };
  if (msg.type !== 100) return withSlot(next, msg.slot, definedOnly({ signal: msg.signal }));
  const wifi = { ...state.wifi, ...definedOnly({ ssid: msg.ssid, ip: msg.ip, signal: msg.signal }) };
  return { ...next, wifi };
}

/** 205: the SIM is gone, so is everything known about it (§2.2). */
function simPatch(msg: SimMessage): Partial<SlotState> {
  if (msg.status === 'removed') {
    return { status: 'removed', imsi: null, iccid: null, msisdn: null, signal: null, operator: null, operatorName: null };
  }
  return {
    status: msg.status,
    ...identityPatch(msg),
    ...definedOnly({ signal: msg.signal, operator: msg.plmn, operatorName: msg.operatorName }),
  };
}

function identityPatch(msg: { imsi: string | null; iccid: string | null; msisdn: string | null }): Partial<SlotState> {
  return definedOnly({ imsi: msg.imsi, iccid: msg.iccid, msisdn: msg.msisdn });
}

function mergeStat(state: BoardState, stat: StatResult): BoardState {
  const settings = {
    ...state.settings,
    ...definedOnly({
      dailyRestartHour: stat.dailyRestartHour, dailyOtaHour: stat.dailyOtaHour,
      pingSeconds: stat.pingSeconds, netOrder: stat.netOrder,
    }),
  };
  const wifi = stat.wifi === null ? state.wifi : { ...state.wifi, ...definedOnly(stat.wifi) };
  const next = { ...state, hwVer: stat.hwVer ?? state.hwVer, settings, wifi };
  return withSlot(withSlot(next, 1, statSlotPatch(stat.slots[1])), 2, statSlotPatch(stat.slots[2]));
}

function statSlotPatch(slot: StatSlot): Partial<SlotState> {
  return definedOnly({
    status: statSlotStatus(slot), imsi: slot.imsi, iccid: slot.iccid, msisdn: slot.msisdn, signal: slot.signal,
    operator: slot.operator ?? slot.plmn, operatorName: slot.operatorName, module: slot.module,
  });
}

/** §3.2: `slotN_sta` says whether module and SIM are there; `simN_sta` refines a powered-on slot. */
function statSlotStatus(slot: StatSlot): SlotStatus | null {
  switch (slot.moduleStatus?.toUpperCase()) {
    case 'ERR': return 'modem_error';
    case 'NOSIM': return 'no_sim';
    case 'POWOFF': return 'off';
    case 'POWON': return simStatus(slot.simStatus);
    default: return null;
  }
}

function simStatus(code: string | null): SlotStatus | null {
  const statuses: Record<string, SlotStatus> = { OK: 'ready', PUK: 'error', NS: 'no_service', LT: 'limited_service' };
  return code === null ? null : statuses[code.toUpperCase()] ?? null;
}

function withSlot(state: BoardState, slot: SlotNumber | null, patch: Partial<SlotState>): BoardState {
  if (slot === null) return state;
  return { ...state, slots: { ...state.slots, [slot]: { ...state.slots[slot], ...patch } } };
}

/** Drops nulls, so a patch only carries what the message really said. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null)) as Partial<T>;
}
