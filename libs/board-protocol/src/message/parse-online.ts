import { own, toId, toInt, toSignal, toSlot, toText, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import { percentDecode } from './url-decode';
import type { ModemErrorMessage, OnlineMessage, OnlineType, PingMessage, SlotNumber } from './types';

/** §1.4: 100 arrives over WiFi (netCh 0), 101/102 over SIM1/SIM2 data; the type alone tells the path. */
const PATH_OF_TYPE: Record<OnlineType, { netCh: number; slot: SlotNumber | null }> = {
  100: { netCh: 0, slot: null },
  101: { netCh: 1, slot: 1 },
  102: { netCh: 2, slot: 2 },
};

export function parseOnline(base: BaseFields, fields: Fields): OnlineMessage {
  const type = base.type as OnlineType;
  const path = PATH_OF_TYPE[type];
  return {
    kind: 'online',
    ...base,
    type,
    netCh: base.netCh ?? path.netCh,
    slot: toSlot(own(fields, 'slot')) ?? path.slot,
    ip: toId(own(fields, 'ip')),
    ssid: decodeSsid(own(fields, 'ssid')),
    signal: toSignal(own(fields, 'dbm')),
    hwVer: toId(own(fields, 'hwVer')),
  };
}

/**
 * §1.2 / §6 unknown 13: `ssid` is "URL-encoded by default", on top of the FORM/JSON encoding. Decoding it
 * once more is tolerant, so a board that sends it plain (`mywifi`) is unaffected.
 */
export function decodeSsid(value: unknown): string | null {
  const text = toText(value);
  return text === null || text === '' ? null : percentDecode(text);
}

export function parseModemError(base: BaseFields, fields: Fields): ModemErrorMessage {
  return { kind: 'modem_error', ...base, type: 301, slot: toSlot(own(fields, 'slot')) };
}

/** §2.3 998: `cnt` increments with every ping. */
export function parsePing(base: BaseFields, fields: Fields): PingMessage {
  const count = toInt(own(fields, 'cnt'));
  return { kind: 'ping', ...base, type: 998, count: count !== null && count >= 0 ? count : null };
}
