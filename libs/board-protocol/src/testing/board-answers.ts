import { getCommandSpec } from '../commands';

type Frame = Record<string, unknown>;
/** A command frame from the bridge → the frames the board sends back, in order. */
export type BoardAnswerer = (command: Frame, devId: string) => Frame[];

/** The v1 `stat` answer (board-protocol §3.2), without the vendor example's syntax errors. */
function statReply(devId: string, tid: unknown): Frame {
  return { devId, hwVer: 'Y57v671', dailyRst: 4, dailyOTA: 3, pingSec: 110, netCh: 0,
    wifi: { ssid: 'mywifi', ip: '192.168.7.170', dbm: 24 }, slot: { slot1_sta: 'ERR', slot2_sta: 'POWON' },
    devTime: '220420184724', type: 999, tid };
}

/**
 * What a board does with each command (board-protocol §3.1–§3.2): an immediate `{"code":0}` typed 999
 * when the frame has a tid, data answers for stat, nothing for restart, then the documented success
 * report (502 with the tid for sendsms; 70x/68x with the slot) for commands that have one.
 */
export const realisticBoard: BoardAnswerer = (f, devId) => {
  const { cmd, tid } = f;
  if (tid === undefined || cmd === 'restart') return [];
  if (cmd === 'stat') return [statReply(devId, tid)];
  const out: Frame[] = [{ code: 0, type: 999, netCh: 0, tid }];
  const report = getCommandSpec(String(cmd))?.reports.completes[0];
  if (report === undefined) return out;
  const slot = f.p1;
  out.push(report === 502 || report === 501
    ? { devId, type: report, slot, phNum: f.p2, smsBd: f.p3, tid, netCh: 0 }
    : { devId, type: report, slot, netCh: 0 });
  return out;
};

/** Acknowledges every command with a tid and does nothing else (the handshake's behaviour). */
export const ackOnly: BoardAnswerer = (f) => (f.tid === undefined ? [] : [{ code: 0, type: 999, netCh: 0, tid: f.tid }]);

/** Answers `code: 101` "Invalid arguments." (board-protocol §3.1, the only documented error). */
export const refusing: BoardAnswerer = (f) => (f.cmd === 'now' ? ackOnly(f, '')
  : [{ code: 101, msg: 'Invalid arguments.', type: 999, netCh: 0, tid: f.tid }]);

/** Answers the `now` handshake only; commands go unanswered. */
export const silent: BoardAnswerer = (f) => (f.cmd === 'now' ? ackOnly(f, '') : []);
