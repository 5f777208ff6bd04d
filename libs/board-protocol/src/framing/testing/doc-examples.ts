/**
 * Example messages copied from board-protocol §2.3 and §4.2, for tests of framing, encryption and
 * uploads. Test support only; nothing in the library imports it.
 */
export const MSG_100 = {
  devId: '498060912345', type: 100, ip: '192.168.7.170', ssid: 'mywifi', dbm: 61, netCh: 0,
};

/** §4.2: the plaintext of the vendor's AES example (93 bytes compact → 96 after PKCS#7). */
export const MSG_100_NEW = {
  devId: 'f8efb2835b9e', type: 100, netCh: 0, hwVer: 'Y57v688', ip: '192.168.1.236', dbm: 68,
};

export const MSG_204 = {
  devId: '498060912345', type: 204, slot: 1, imsi: '46007337111234',
  iccId: '898607D3161990212345', msIsdn: '+8613206411822', dbm: 61, netCh: 0,
};

export const MSG_501 = {
  devId: '498060912345', type: 501, slot: 1, imsi: '46007337111234', iccId: '898607D3161990212345',
  msIsdn: '+8613206411822', phNum: '10086', smsBd: '您的话费余额是100元。【中国移动】',
  charset: 'utf8', smsTm: 1647344840456, netCh: 0,
};

export const MSG_603 = {
  devId: '498060912345', type: 603, slot: 1, imsi: '46007337111234', iccId: '898607D3161990212345',
  msIsdn: '+8613206411822', phNum: '10086', startTm: 1647344540, endTm: 1647344840, netCh: 0,
};

export const MSG_998 = { devId: '498060912345', type: 998, netCh: 0, cnt: 1 };

export const MSG_999 = { code: 0, type: 999, netCh: 0, tid: '1234' };

/** A TCP session's opening as in §1.4 plus an SMS and a ping. */
export const DOC_STREAM: Record<string, unknown>[] = [MSG_100, MSG_204, MSG_501, MSG_998, MSG_999];

/** The FORM text of §2.3 for message 100. */
export const MSG_100_FORM = 'devId=498060912345&type=100&ip=192.168.7.170&ssid=mywifi&dbm=61&netCh=0';

/** `MSG_100` as FORM decoding yields it: every value a string (§1.2). */
export const MSG_100_AS_STRINGS = {
  devId: '498060912345', type: '100', ip: '192.168.7.170', ssid: 'mywifi', dbm: '61', netCh: '0',
};

/** Every value of a message as FORM encoding carries it. */
export function asFormStrings(message: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(message).map(([k, v]) => [k, String(v)]));
}
