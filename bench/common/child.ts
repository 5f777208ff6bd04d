import { type ChildProcess, fork } from 'node:child_process';

/** Every bench child still alive, so a bench that throws (or is interrupted) leaves no process behind. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** What every child sends: a `kind` discriminant (one union per child entry). */
export interface ChildMessage {
  kind: string;
}

interface Waiter {
  kind: string;
  resolve: (m: ChildMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One bench process (load client, subscriber, baseline server) forked with the TypeScript loader and an
 * IPC channel: the parent sends commands, the child answers with typed messages. Children run in their
 * own processes so that none of them shares an event loop (or the fd limit) with the bridge or another.
 */
export class BenchChild<Out extends ChildMessage> {
  private readonly inbox: Out[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(readonly name: string, private readonly child: ChildProcess) {
    alive.add(child);
    child.on('message', (m: Out) => this.deliver(m));
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      alive.delete(child);
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error(`${name} exited (code ${code}) while the bench waited for '${w.kind}'`));
      }
      resolve(code);
    }));
  }

  /** Forks `entry` (a .ts file) with `node -r @swc-node/register`, plus extra node flags. */
  static start<Out extends ChildMessage>(name: string, entry: string, nodeArgs: string[] = []): BenchChild<Out> {
    const child = fork(entry, [], { execArgv: [...nodeArgs, '-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new BenchChild<Out>(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: object): void {
    this.child.send(message);
  }

  /** The next message of `kind` (one already received counts), or an error after `timeoutMs`. */
  next<K extends Out['kind']>(kind: K, timeoutMs = 60_000): Promise<Extract<Out, { kind: K }>> {
    const i = this.inbox.findIndex((m) => m.kind === kind);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] as Extract<Out, { kind: K }>);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new Error(`${this.name} is not running`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.name}: no '${kind}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = { kind, resolve: resolve as (m: ChildMessage) => void, reject, timer };
      this.waiters.push(waiter);
    });
  }

  /** Sends `message` and waits for the answer of `kind`. */
  request<K extends Out['kind']>(message: object, kind: K, timeoutMs?: number): Promise<Extract<Out, { kind: K }>> {
    const answer = this.next(kind, timeoutMs);
    this.send(message);
    return answer;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private deliver(m: Out): void {
    if (m.kind === 'error') {
      process.stderr.write(`${this.name}: ${(m as unknown as { message: string }).message}\n`);
    }
    const i = this.waiters.findIndex((w) => w.kind === m.kind);
    if (i < 0) {
      this.inbox.push(m);
      return;
    }
    const [w] = this.waiters.splice(i, 1);
    clearTimeout(w.timer);
    w.resolve(m);
  }
}

/**
 * The child side: runs `handle` for every command from the parent, reports a thrown error as
 * `{kind: 'error'}`, and exits when the parent goes away (so no orphan keeps sockets open).
 */
export function serveParent<In>(handle: (msg: In) => Promise<void> | void): void {
  process.on('message', (msg: In) => {
    Promise.resolve().then(() => handle(msg)).catch((err: Error) => reply({ kind: 'error', message: err.stack ?? err.message }));
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

export function reply(message: ChildMessage & Record<string, unknown>): void {
  process.send?.(message);
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}
