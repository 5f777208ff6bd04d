import { fixture } from './fixture';

/**
 * Every push example of board-protocol §2.3, verbatim, plus the siblings the section describes in words
 * ("203 / 204", "601 / 602 / ...", "202 / 205 / 209 / 301") built from the one example it gives.
 */
const DEV = '498060912345';
const SIM = { imsi: '46007337111234', iccId: '898607D3161990212345', msIsdn: '+8613206411822' };

export const online100 = fixture('§2.3 100', 'online',
  { devId: DEV, type: 100, ip: '192.168.7.170', ssid: 'mywifi', dbm: 61, netCh: 0 });
export const online100Newer = fixture('§2.3 100 newer firmware (also the §4.2 AES plaintext)', 'online',
  { devId: 'f8efb2835b9e', type: 100, netCh: 0, hwVer: 'Y57v688', ip: '192.168.1.236', dbm: 68 });
export const online101 = fixture('§2.3 101', 'online', { devId: DEV, type: 101, netCh: 1, slot: 1, dbm: 61 });
export const online102 = fixture('§2.3 102', 'online', { devId: DEV, type: 102, netCh: 2, slot: 2, dbm: 61 });

export const sim202 = fixture('§2.3 202', 'sim_initializing', { devId: DEV, type: 202, slot: 1, netCh: 0 });
export const sim203 = fixture('§2.3 203', 'sim_identified',
  { devId: DEV, type: 203, slot: 1, ...SIM, dbm: -1, netCh: 0 });
export const sim204 = fixture('§2.3 204', 'sim_ready',
  { devId: DEV, type: 204, slot: 1, ...SIM, dbm: 61, netCh: 0 });
export const sim205 = fixture('§2.3 205', 'sim_removed', { devId: DEV, type: 205, slot: 1, netCh: 0 });
export const sim209 = fixture('§2.3 209', 'sim_error', { devId: DEV, type: 209, slot: 1, netCh: 0 });
export const modem301 = fixture('§2.3 301', 'modem_error', { devId: DEV, type: 301, slot: 1, netCh: 0 });

export const sms501 = fixture('§2.3 501', 'sms_received', {
  devId: DEV, type: 501, slot: 1, ...SIM, phNum: '10086', smsBd: '您的话费余额是100元。【中国移动】',
  charset: 'utf8', smsTm: 1647344840456, netCh: 0,
});
export const smsSent502 = fixture('§2.3 502', 'sms_sent',
  { devId: DEV, type: 502, slot: 1, tid: '1647344840', netCh: 0 });

const CALL = { devId: DEV, slot: 1, ...SIM, phNum: '10086', startTm: 1647344540, netCh: 0 };
export const call601 = fixture('§2.3 601', 'call_incoming', { ...CALL, type: 601 });
export const call602 = fixture('§2.3 602', 'call_answered', { ...CALL, type: 602 });
export const call603 = fixture('§2.3 603', 'call_ended', { ...CALL, type: 603, endTm: 1647344840 });
export const call620 = fixture('§2.3 620', 'call_dialing', { ...CALL, type: 620 });
export const call621 = fixture('§2.3 621', 'call_ringing', { ...CALL, type: 621 });
export const call622 = fixture('§2.3 622', 'call_connected', { ...CALL, type: 622 });
export const call623 = fixture('§2.3 623', 'call_ended', { ...CALL, type: 623 });
export const dtmf641 = fixture('§2.3 641 (local key, §6.7)', 'dtmf', { ...CALL, type: 641, reason: '1' });
export const dtmf642 = fixture('§2.3 642 (remote key, §6.7)', 'dtmf', { ...CALL, type: 642, reason: '#' });

const FORWARDING = {
  devId: 'f8efb2835b0x', slot: 1, netCh: 0, imsi: '460115191234567', iccId: '8986032104571234567',
  phNum: '053289265468', charset: 'utf8',
};
export const forwarding701 = fixture('§2.3 701', 'call_forwarding', { ...FORWARDING, type: 701 });
export const forwarding702 = fixture('§2.3 702', 'call_forwarding', { ...FORWARDING, type: 702, reason: 'ERROR:0' });
export const forwarding703 = fixture('§2.3 703', 'call_forwarding', { ...FORWARDING, type: 703 });

export const ping998 = fixture('§2.3 998', 'ping', { devId: DEV, type: 998, netCh: 0, cnt: 1 });

/** §1.4 / §2.3: the handshake ack has no devId; the bridge passes the session's id. */
export const handshakeAck999 = fixture('§2.3 999 handshake ack', 'reply',
  { code: 0, type: 999, netCh: 0, tid: '1234' }, { devId: DEV });

/**
 * 681–689 have no documented payload (§2.2, §6 unknown 6). These carry the fields third parties read
 * (devId, type, slot, tid, netCh) and are marked [INFERRED].
 */
const CONTROL = { devId: DEV, slot: 1, tid: '1700000000', netCh: 0 };
export const dialOk681 = fixture('§2.2 681 [INFERRED shape]', 'call_control', { ...CONTROL, type: 681 });
export const dialFailed682 = fixture('§2.2 682 [INFERRED shape]', 'call_control', { ...CONTROL, type: 682 });
export const amrOk683 = fixture('§2.2 683 [3P, INFERRED shape]', 'call_control', { ...CONTROL, type: 683 });
export const answerOk684 = fixture('§2.2 684 [INFERRED shape]', 'call_control', { ...CONTROL, type: 684 });
export const answerFailed685 = fixture('§2.2 685 (§6.8) [INFERRED shape]', 'call_control', { ...CONTROL, type: 685 });
export const ttsStarted687 = fixture('§2.2 687 [INFERRED shape]', 'call_control', { ...CONTROL, type: 687 });
export const ttsFailed688 = fixture('§2.2 688 [INFERRED shape]', 'call_control', { ...CONTROL, type: 688 });
export const ttsFinished689 = fixture('§2.2 689 [INFERRED shape]', 'call_control', { ...CONTROL, type: 689 });

/** §2.2 [3P]: 695 is not in the typed model; it must come through as `unknown` with its raw fields. */
export const recordingUploaded695 = fixture('§2.2 695 [3P]', 'unknown',
  { devId: DEV, type: 695, slot: 1, tid: 'rec-1', phNum: '10086', telMediaId: 'media-123', netCh: 0 });
