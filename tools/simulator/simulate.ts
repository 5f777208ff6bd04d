import { parseArgs } from 'node:util';
import { seededRng } from './event-mix';
import { type BoardStats, SimulatedBoard } from './simulated-board';

/**
 * `npm run simulate -- --boards N --transport tcp|http|mixed --rate R`: N boards that behave like the
 * firmware against any bridge, for demos, load tests and trying a deployment before boards arrive.
 */
const USAGE = `usage: npm run simulate -- [--boards 10] [--transport tcp|http|mixed] [--rate 6 (messages/min/board)]
  [--host 127.0.0.1] [--tcp-port 6888] [--upload-url http://127.0.0.1:8080/upload] [--ping-sec 110]
  [--seconds 0 (run until Ctrl-C)] [--seed 1] [--id-prefix 4980600]`;

export interface SimulatorArgs {
  boards: number;
  transport: 'tcp' | 'http' | 'mixed';
  rate: number;
  host: string;
  tcpPort: number;
  uploadUrl: string;
  pingSec: number;
  seconds: number;
  seed: number;
  idPrefix: string;
}

export function readSimulatorArgs(argv: readonly string[]): SimulatorArgs {
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({ args: [...argv], strict: true, options: {
    boards: str, transport: str, rate: str, host: str, 'tcp-port': str, 'upload-url': str, 'ping-sec': str,
    seconds: str, seed: str, 'id-prefix': str } });
  const transport = v.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'http' && transport !== 'mixed') throw new RangeError(`--transport: ${transport}\n${USAGE}`);
  return {
    boards: num('boards', v.boards, 10), transport, rate: num('rate', v.rate, 6), host: v.host ?? '127.0.0.1',
    tcpPort: num('tcp-port', v['tcp-port'], 6888), uploadUrl: v['upload-url'] ?? 'http://127.0.0.1:8080/upload',
    pingSec: num('ping-sec', v['ping-sec'], 110), seconds: num('seconds', v.seconds, 0), seed: num('seed', v.seed, 1),
    idPrefix: v['id-prefix'] ?? '4980600',
  };
}

function num(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`--${name} must be a number ≥ 0, got ${text}\n${USAGE}`);
  return n;
}

/** Starts the boards; returns them and a stop function. Usable from benchmarks and tests. */
export function startSimulation(a: SimulatorArgs): { boards: SimulatedBoard[]; stop(): void; totals(): BoardStats } {
  const rng = seededRng(a.seed);
  const boards = Array.from({ length: a.boards }, (_, i) => new SimulatedBoard({
    devId: `${a.idPrefix}${String(i + 1).padStart(5, '0')}`,
    transport: a.transport === 'mixed' ? (i % 2 === 0 ? 'tcp' : 'http') : a.transport,
    bridge: { host: a.host, tcpPort: a.tcpPort, uploadUrl: a.uploadUrl },
    ratePerMin: a.rate, pingSec: a.pingSec, rng,
  }));
  boards.forEach((b) => b.start());
  const totals = () => boards.reduce((t, b) => ({ sent: t.sent + b.stats.sent, commands: t.commands + b.stats.commands,
    reconnects: t.reconnects + b.stats.reconnects, errors: t.errors + b.stats.errors }),
  { sent: 0, commands: 0, reconnects: 0, errors: 0 });
  return { boards, totals, stop: () => boards.forEach((b) => b.stop()) };
}

function main(): void {
  let args: SimulatorArgs;
  try {
    args = readSimulatorArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const sim = startSimulation(args);
  process.stdout.write(`${args.boards} simulated boards (${args.transport}) → ${args.host}:${args.tcpPort} / ${args.uploadUrl}\n`);
  const report = setInterval(() => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...sim.totals() })}\n`), 5000);
  const stop = () => {
    clearInterval(report);
    sim.stop();
    process.stdout.write(`${JSON.stringify({ final: true, ...sim.totals() })}\n`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (args.seconds > 0) setTimeout(stop, args.seconds * 1000);
}

if (require.main === module) main();
