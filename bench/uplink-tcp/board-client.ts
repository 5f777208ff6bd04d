/**
 * Child process: a share of the simulated boards on TCP (board-protocol §1.4). Each board connects,
 * says hello (100) and waits for `now`; for a batch, every board's frames are encoded beforehand
 * (untimed) and on `go` written as fast as the sockets take them, `framesPerWrite` frames per write,
 * round-robin over the boards, honouring backpressure (stack.md pitfall 6: batched writes).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '@board-bridge/board-protocol';
import { reply, serveParent, wallMs } from '../common/child';
import { onlineMessage } from '../../tools/simulator/event-mix';
import { type BatchPlan, boardMessage } from './workload';

export type BoardClientCommand =
  | { kind: 'connect'; port: number; devIds: string[]; firstIndex: number; concurrency: number }
  | { kind: 'prepare'; plan: BatchPlan; framesPerWrite: number }
  | { kind: 'go' }
  | { kind: 'close' };

interface Board {
  devId: string;
  index: number;
  socket: Socket;
}

const boards: Board[] = [];
let chunks: Buffer[][] = [];

/** Connects one board and resolves once the bridge sent `now` (the session is open). */
async function openBoard(port: number, devId: string, index: number): Promise<Board> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const decoder = new FrameDecoder();
  const handshake = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`board ${devId}: no now within 20 s`)), 20_000);
    const onData = (chunk: Buffer): void => {
      if (!decoder.push(chunk).some((r) => r.ok && r.value.cmd === 'now')) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.on('data', () => undefined);
      resolve();
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  await once(socket, 'connect');
  socket.on('error', () => undefined);
  socket.write(encodeFrame(onlineMessage(devId)));
  await handshake;
  return { devId, index, socket };
}

async function connectAll(cmd: Extract<BoardClientCommand, { kind: 'connect' }>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cmd.devIds.length) {
      const i = next++;
      boards.push(await openBoard(cmd.port, cmd.devIds[i], cmd.firstIndex + i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.devIds.length) }, worker));
  boards.sort((a, b) => a.index - b.index);
  reply({ kind: 'connected', count: boards.length });
}

function prepare(plan: BatchPlan, framesPerWrite: number): void {
  let frames = 0;
  let bytes = 0;
  chunks = boards.map((b) => {
    const out: Buffer[] = [];
    for (let i = 0; i < plan.perBoard; i += framesPerWrite) {
      const n = Math.min(framesPerWrite, plan.perBoard - i);
      const buf = Buffer.concat(Array.from({ length: n }, (_, k) => encodeFrame(boardMessage(plan, b.devId, b.index, i + k))));
      frames += n;
      bytes += buf.length;
      out.push(buf);
    }
    return out;
  });
  reply({ kind: 'prepared', frames, bytes });
}

/** Round-robin over the boards, one chunk each per turn; a turn that filled a socket waits for its drain. */
async function writeAll(): Promise<void> {
  const turns = Math.max(0, ...chunks.map((c) => c.length));
  for (let t = 0; t < turns; t += 1) {
    const full: Promise<unknown>[] = [];
    boards.forEach((b, i) => {
      const chunk = chunks[i][t];
      if (chunk && !b.socket.write(chunk)) full.push(once(b.socket, 'drain'));
    });
    if (full.length) await Promise.all(full);
    else if (t % 16 === 15) await new Promise((r) => setImmediate(r));
  }
  reply({ kind: 'sent', at: wallMs() });
}

serveParent<BoardClientCommand>(async (cmd) => {
  if (cmd.kind === 'connect') await connectAll(cmd);
  else if (cmd.kind === 'prepare') prepare(cmd.plan, cmd.framesPerWrite);
  else if (cmd.kind === 'go') await writeAll();
  else if (cmd.kind === 'close') {
    for (const b of boards.splice(0)) b.socket.destroy();
    reply({ kind: 'closed' });
  }
});
