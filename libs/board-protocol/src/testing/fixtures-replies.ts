import { fixture } from './fixture';

/** Command replies of board-protocol §3.2 (and §1.5 for the error shape). */

/**
 * The v1 `stat` example. The vendor's text is not valid JSON (a comma missing after `slot`, a trailing
 * comma, §3.2); this is the object it obviously means.
 */
export const statReply999 = fixture('§3.2 stat reply (v1, vendor JSON repaired)', 'reply', {
  devId: '498060912345', hwVer: 'Y57v671', dailyRst: 4, dailyOTA: 3, pingSec: 110, netCh: 0,
  wifi: { ssid: 'mywifi', ip: '192.168.7.170', dbm: 24 },
  slot: {
    netOrder: [1, 2], slot1_sta: 'ERR', slot2_sta: 'POWON', slot2_ati: 'EC600NCNLAR03A11M08',
    sim2_op: 'T', sim2_dbm: '78', sim2_iccId: '89860321745322288888', sim2_imsi: '46007337111234',
    sim2_msIsdn: '+8613206411822', sim2_sta: 'OK',
  },
  devTime: '220420184724', type: 999,
});

/** §3.2 / §6.6: the older example's names: `schRstHour`, `sim2iccId` (no underscore), `time`. */
export const statReply999Older = fixture('§3.2 stat reply (older field names)', 'reply', {
  devId: '498060912345', hwVer: 'Y57v671', schRstHour: 4, dailyOTA: 3, pingSec: 110, netCh: 0,
  wifi: { ssid: 'mywifi', ip: '192.168.7.170', dbm: 24 },
  slot: {
    netOrder: [2, 1], slot1_sta: 'NOSIM', slot2_sta: 'POWON', sim2_op: 'C', sim2_dbm: '55',
    sim2iccId: '89860321745322288888', sim2imsi: '46007337111234', sim2msIsdn: '', sim2_sta: 'OK',
  },
  time: '220420184724', type: 999, tid: '1650451644',
});

/** §3.2 [3P] newer firmware: `pingIntvl`, `slotInfo.simN_*` with `plmn`/`scName`, and a `code`. */
export const statReply999Newer = fixture('§3.2 stat reply (newer firmware, 3P field names)', 'reply', {
  devId: 'e51e9881265a3c8', hwVer: 'Y57v720', code: 0, pingIntvl: 60, netCh: 0, type: 999, tid: 'st-1',
  wifi: { ssid: 'office%20wifi', ip: '10.0.0.7', dbm: 80 },
  slotInfo: {
    sim1_iccId: '89860321745322211111', sim1_imsi: '46001123456789', sim1_msIsdn: '',
    sim1_plmn: '46001', sim1_scName: 'CHN-UNICOM', sim1_dbm: 66, sim1_sta: 'OK', slot1_sta: 'POWON',
  },
});

/** §3.2 asksimcfu: the immediate reply; the result follows as 703. */
export const askSimCfuReply999 = fixture('§3.2 asksimcfu immediate reply', 'reply', {
  code: 0, val: 'Querying the Call Forwarding Unconditional of slot 1', type: 999, netCh: 0, tid: '1234',
}, { devId: 'f8efb2835b0x' });

/** §1.5 / §3.1: the only documented error. */
export const invalidArgsReply999 = fixture('§1.5 error reply', 'reply',
  { devId: '498060912345', code: 101, msg: 'Invalid arguments.', type: 999, netCh: 0, tid: 'bad-1' });

export const querySmsReply402 = fixture('§3.2 querysms reply', 'reply', {
  subType: 30, code: 0, qkey: '', offset: '1', limit: '10',
  results: [{ slot: 1, dir: 0, phNum: '95555', smsBd: '【招商银行】...', smsTs: 1751417021 }],
  devId: 'e51e9881265a3c8', type: 402, netCh: 0, msgTs: 1751460187,
});

export const queryTelReply402 = fixture('§3.2 querytel reply', 'reply', {
  subType: 31, code: 0, offset: '1', limit: '3', callType: 0, qkey: '',
  results: [{ slot: 1, dir: 1, phNum: '053256894747', telStartTs: 1751421911, telEndTs: 1751421941, conn: 1 }],
  devId: 'e51e9881265a3c8', type: 402, netCh: 0, msgTs: 1751461200,
});

/** §2.2 401 "command received": undocumented payload; 3P reads devId, type, code, tid. */
export const commandReceived401 = fixture('§2.2 401 [3P shape]', 'reply',
  { devId: '498060912345', type: 401, code: 0, tid: 'cmd-7', netCh: 0 });
