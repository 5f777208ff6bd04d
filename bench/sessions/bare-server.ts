/**
 * Child process: the baseline of the sessions bench, a bare Node TCP server holding sockets the way
 * stack.md §3d measured it: per socket a `data` listener, a small state object and a 10-minute idle
 * timer, nothing else. Forked with --expose-gc so the memory it reports is settled.
 */
import { createServer, type Socket } from 'node:net';
import { reply, serveParent } from '../common/child';

interface Held {
  id: number;
  bytes: number;
  lastAt: number;
}

let open = 0;
let nextId = 1;
const held = new Set<Held>();

function hold(socket: Socket): void {
  const state: Held = { id: nextId++, bytes: 0, lastAt: Date.now() };
  held.add(state);
  open += 1;
  socket.on('data', (chunk: Buffer) => {
    state.bytes += chunk.length;
    state.lastAt = Date.now();
  });
  socket.setTimeout(600_000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.once('close', () => {
    held.delete(state);
    open -= 1;
  });
}

const gc = (globalThis as { gc?: () => void }).gc;

serveParent<{ kind: 'listen' } | { kind: 'memory' }>(async (cmd) => {
  if (cmd.kind === 'listen') {
    const server = createServer(hold);
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 511 }, resolve));
    const addr = server.address();
    reply({ kind: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
  } else {
    gc?.();
    gc?.();
    const bytes = [...held].reduce((n, h) => n + h.bytes, 0);
    reply({ kind: 'memory', memory: { at: Date.now(), ...process.memoryUsage() }, sockets: open, bytes });
  }
});
