import { own, pick, toId, toSignal, toSlot, type Fields } from './fields';
import type { BaseFields } from './parse-base';
import type { SimIdentity, SimMessage, SimStatus, SimType } from './types';

/** §2.2: the SIM life cycle in one slot. 203 and 204 may arrive in either order. */
const STATUS_OF_TYPE: Record<SimType, SimStatus> = {
  202: 'initializing',
  203: 'identified',
  204: 'ready',
  205: 'removed',
  209: 'error',
};

export function parseSim(base: BaseFields, fields: Fields): SimMessage {
  const type = base.type as SimType;
  return {
    kind: 'sim',
    ...base,
    type,
    status: STATUS_OF_TYPE[type],
    slot: toSlot(own(fields, 'slot')),
    ...readSimIdentity(fields),
    signal: toSignal(own(fields, 'dbm')),
    plmn: toId(own(fields, 'plmn')),
    operatorName: toId(own(fields, 'scName')),
  };
}

/** §5.1: the vendor spells them `iccId` and `msIsdn`; the all-lowercase forms are accepted too. */
export function readSimIdentity(fields: Fields): SimIdentity {
  return {
    imsi: toId(own(fields, 'imsi')),
    iccid: toId(pick(fields, 'iccId', 'iccid')),
    msisdn: toId(pick(fields, 'msIsdn', 'msisdn')),
  };
}
