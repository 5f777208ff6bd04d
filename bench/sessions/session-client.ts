/**
 * Child process: a share of many idle boards (board-protocol §1.4). Each connects, says hello (100) and,
 * against the bridge, waits for `now`: the handshake time is connect() → the first `now` frame. Storm
 * boards connect on a shared wall-clock schedule; the others as fast as `concurrency` allows. Once open,
 * a board only sends a ping when told and discards what it reads.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '@board-bridge/board-protocol';
import { onlineMessage } from '../../tools/simulator/event-mix';
import { reply, serveParent, wallMs } from '../common/child';

export interface BoardSlot {
  devId: string;
  /** Storm boards: when to connect (wall clock ms); others: as soon as a worker is free. */
  at?: number;
}

export type SessionClientCommand =
  | { kind: 'connect'; port: number; boards: BoardSlot[]; waitNow: boolean; concurrency: number; timeoutMs: number }
  | { kind: 'ping'; spreadMs: number }
  | { kind: 'close' };

/** Handshake (or connect) time in ms, or null: refused, reset, or no `now` within the timeout. */
type Outcome = number | null;

const sockets: { devId: string; socket: Socket }[] = [];
/** Open boards whose socket closed since (the bridge dropped them); the close command resets it. */
let dropped = 0;
let closing = false;

function open(port: number, devId: string, waitNow: boolean, timeoutMs: number): Promise<Outcome> {
  const t0 = wallMs();
  const socket = connect(port, '127.0.0.1');
  let state: 'pending' | 'open' | 'failed' = 'pending';
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    const finish = (ok: boolean): void => {
      if (state !== 'pending') return;
      state = ok ? 'open' : 'failed';
      clearTimeout(timer);
      if (ok) sockets.push({ devId, socket });
      else socket.destroy();
      resolve(ok ? wallMs() - t0 : null);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => {
      socket.write(encodeFrame(onlineMessage(devId)));
      if (!waitNow) finish(true);
    });
    socket.on('data', (chunk: Buffer) => {
      if (state === 'pending' && decoder.push(chunk).some((r) => r.ok && r.value.cmd === 'now')) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.once('close', () => {
      if (state === 'open' && !closing) dropped += 1;
      finish(false);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Scheduled boards start at their time (not waiting for one another); the rest through `concurrency` workers. */
async function connectAll(cmd: Extract<SessionClientCommand, { kind: 'connect' }>): Promise<void> {
  const scheduled = cmd.boards.filter((b) => b.at !== undefined).sort((a, b) => (a.at as number) - (b.at as number));
  const rest = cmd.boards.filter((b) => b.at === undefined);
  const outcomes: Promise<Outcome>[] = [];
  for (const b of scheduled) {
    const wait = (b.at as number) - wallMs();
    if (wait > 1) await sleep(wait);
    outcomes.push(open(cmd.port, b.devId, cmd.waitNow, cmd.timeoutMs));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rest.length) {
      const p = open(cmd.port, rest[next++].devId, cmd.waitNow, cmd.timeoutMs);
      outcomes.push(p);
      await p;
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, rest.length) }, worker));
  const times = await Promise.all(outcomes);
  const ok = times.filter((t): t is number => t !== null);
  reply({ kind: 'connected', ok: ok.length, failed: times.length - ok.length, times: scheduled.length ? times : [] });
}

async function pingAll(spreadMs: number): Promise<void> {
  const start = wallMs();
  for (let i = 0; i < sockets.length; i += 1) {
    const due = start + (i * spreadMs) / sockets.length;
    if (due - wallMs() > 1) await sleep(due - wallMs());
    const { devId, socket } = sockets[i];
    socket.write(encodeFrame({ devId, type: 998, netCh: 0, cnt: 1 }));
  }
  reply({ kind: 'pinged', count: sockets.length, dropped });
}

serveParent<SessionClientCommand>(async (cmd) => {
  if (cmd.kind === 'connect') await connectAll(cmd);
  else if (cmd.kind === 'ping') await pingAll(cmd.spreadMs);
  else {
    closing = true;
    await Promise.all(sockets.splice(0).map(({ socket }) => new Promise<void>((resolve) => {
      if (socket.closed) return resolve();
      socket.once('close', () => resolve());
      socket.destroy();
    })));
    [closing, dropped] = [false, 0];
    reply({ kind: 'closed' });
  }
});
