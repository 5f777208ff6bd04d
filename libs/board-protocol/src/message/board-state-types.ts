import type { SlotNumber } from './types';

/**
 * bridge-contract §2 `{base}/{id}/state`: the retained snapshot of what is known about one board. It is
 * published as JSON, so every time is an ISO-8601 string and every unknown is null.
 */
export interface BoardState {
  v: 1;
  devId: string;
  /** Firmware version (`hwVer` of newer 100s and of `stat`). */
  hwVer: string | null;
  /** Path of the latest message: 0 WiFi, 1 SIM1, 2 SIM2 (§2.1). */
  netCh: number | null;
  network: NetworkPath | null;
  wifi: { ssid: string | null; ip: string | null; signal: number | null };
  slots: Record<SlotNumber, SlotState>;
  /** Settings only `stat` reports. */
  settings: {
    dailyRestartHour: number | null;
    dailyOtaHour: number | null;
    pingSeconds: number | null;
    netOrder: number[] | null;
  };
  /** `cnt` of the latest 998. */
  pingCount: number | null;
  /** When the latest 100/101/102 arrived (bridge clock). */
  lastOnlineAt: string | null;
  /** When any message from the board last arrived (bridge clock). */
  lastSeen: string | null;
}

export type NetworkPath = 'wifi' | 'sim1' | 'sim2';

/**
 * Slot status: the 20x life cycle (§2.2), `modem_error` from 301, and what `stat` adds (§3.2 slotN_sta /
 * simN_sta): `no_sim`, `off`, `no_service`, `limited_service`.
 */
export type SlotStatus =
  | 'initializing' | 'identified' | 'ready' | 'removed' | 'error'
  | 'modem_error' | 'no_sim' | 'off' | 'no_service' | 'limited_service';

export interface SlotState {
  status: SlotStatus | null;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
  signal: number | null;
  /** `simN_op` letter from stat, or the PLMN from newer 20x. */
  operator: string | null;
  operatorName: string | null;
  /** Cellular module firmware (`slotN_ati`). */
  module: string | null;
  /** Board time of the latest incoming SMS in this slot (bridge time when the board gave none). */
  lastSmsAt: string | null;
}
