import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeFrame, FrameDecoder } from '@board-bridge/board-protocol';
import { ackOnly } from '../../test/helpers/board-answers';

/** Called once per command frame, with the time its read arrived; `text` is p3 when a string, else ''. */
export type FrameSink = (cmd: string, text: string, t: number) => void;

/**
 * A board as the bridge sees it on TCP (board-protocol §1.4): a raw socket speaking the frame protocol
 * through the protocol library. It says hello (type 100), answers the `now` handshake and every command
 * with `{"code":0,"type":999,"tid":…}` at once (test/helpers/board-answers.ts ackOnly), and reports
 * each command frame to the sink, timed when its read arrived, before any decoding.
 */
export class SimBoard {
  private readonly decoder = new FrameDecoder();
  private handshakes = 0;
  private onHandshake?: () => void;
  badFrames = 0;

  private constructor(readonly devId: string, private readonly socket: Socket, private readonly sink: FrameSink) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
  }

  /** Connects, says hello and resolves once the bridge has sent `now` (the session is open). */
  static async connect(port: number, devId: string, sink: FrameSink, timeoutMs = 10_000): Promise<SimBoard> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const board = new SimBoard(devId, socket, sink);
    const handshake = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`board ${devId}: no now handshake in ${timeoutMs} ms`)), timeoutMs);
      board.onHandshake = () => { clearTimeout(timer); resolve(); };
    });
    socket.write(encodeFrame({ devId, type: 100, ip: '192.168.7.170', ssid: 'bench', dbm: 61, netCh: 0 }));
    await handshake;
    return board;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const t = performance.now();
    const answers: Buffer[] = [];
    for (const result of this.decoder.push(chunk)) {
      if (!result.ok) {
        this.badFrames += 1;
        continue;
      }
      const frame = result.value;
      if (frame.cmd === 'now') {
        if (++this.handshakes === 1) this.onHandshake?.();
      } else if (typeof frame.cmd === 'string') {
        this.sink(frame.cmd, typeof frame.p3 === 'string' ? frame.p3 : '', t);
      }
      for (const answer of ackOnly(frame, this.devId)) answers.push(encodeFrame(answer));
    }
    // One write per read, as a board answering a burst would.
    if (answers.length) this.socket.write(answers.length === 1 ? answers[0] : Buffer.concat(answers));
  }
}
