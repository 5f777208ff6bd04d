import { readBoardTime } from './board-time';
import { isRecord, own, pick, toId, toInt, toSignal, type Fields } from './fields';
import { decodeSsid } from './parse-online';
import type { StatResult, StatSlot } from './reply-types';
import type { SlotNumber } from './types';

/** Fields only a stat reply carries, in any of the three generations (§6.6). */
const STAT_MARKERS = ['wifi', 'slotInfo', 'devTime', 'hwVer', 'dailyRst', 'schRstHour', 'pingSec', 'pingIntvl'];

export function looksLikeStat(fields: Fields): boolean {
  // `slot` alone is not a marker: other replies may carry a slot number; stat's is an object.
  return isRecord(own(fields, 'slot')) || STAT_MARKERS.some((key) => own(fields, key) !== undefined);
}

export function parseStat(fields: Fields): StatResult {
  const sources = slotSources(fields);
  return {
    kind: 'stat',
    hwVer: toId(own(fields, 'hwVer')),
    dailyRestartHour: toInt(pick(fields, 'dailyRst', 'schRstHour')),
    dailyOtaHour: toInt(pick(fields, 'dailyOTA', 'dailyOta')),
    pingSeconds: toInt(pick(fields, 'pingSec', 'pingIntvl')),
    wifi: readWifi(own(fields, 'wifi')),
    netOrder: readNetOrder(lookup(sources, ['netOrder'])),
    deviceTime: readBoardTime(pick(fields, 'devTime', 'time')),
    slots: { 1: readSlot(sources, 1), 2: readSlot(sources, 2) },
  };
}

/** v1 nests per-slot fields in `slot`, [3P] newer firmware in `slotInfo`; the top level is a last resort. */
function slotSources(fields: Fields): Fields[] {
  return [own(fields, 'slot'), own(fields, 'slotInfo'), fields].filter(isRecord);
}

function lookup(sources: Fields[], keys: string[]): unknown {
  for (const source of sources) {
    const value = pick(source, ...keys);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `simN_x` in v1 and newer pages, `simNx` in the older example (`sim2iccId`, §3.2). */
function readSlot(sources: Fields[], n: SlotNumber): StatSlot {
  const sim = (name: string) => lookup(sources, [`sim${n}_${name}`, `sim${n}${name}`]);
  return {
    moduleStatus: toId(lookup(sources, [`slot${n}_sta`])),
    module: toId(lookup(sources, [`slot${n}_ati`])),
    simStatus: toId(sim('sta')),
    operator: toId(sim('op')),
    plmn: toId(sim('plmn')),
    operatorName: toId(sim('scName')),
    signal: toSignal(sim('dbm')),
    imsi: toId(sim('imsi')),
    iccid: toId(sim('iccId')),
    msisdn: toId(sim('msIsdn')),
  };
}

function readWifi(value: unknown): StatResult['wifi'] {
  if (!isRecord(value)) return null;
  return { ssid: decodeSsid(own(value, 'ssid')), ip: toId(own(value, 'ip')), signal: toSignal(own(value, 'dbm')) };
}

/** `[1,2]` in JSON; a FORM-ish "1,2" is read the same way. */
function readNetOrder(value: unknown): number[] | null {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[^\d]+/) : null;
  if (items === null) return null;
  return items.map(toInt).filter((slot): slot is number => slot !== null);
}
