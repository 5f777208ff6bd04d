import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { freePort } from '../setup/services';

const ROOT = join(__dirname, '..', '..');

/** Every child still alive, so a test worker that exits (even after a failure) leaves no bridge behind. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface BridgeProcessOptions {
  instanceId: string;
  /** Extra settings (strings, as from the environment). */
  env?: Record<string, string>;
  /** Passed through to the child's stdout/stderr when BRIDGE_TEST_LOG is set. */
  logLevel?: string;
  /** Node flags before the entry point, e.g. `--cpu-prof` or `--expose-gc` (benchmarks). */
  nodeArgs?: string[];
}

/**
 * One bridge as a separate OS process (`node -r @swc-node/register apps/bridge/src/main.ts`), on free
 * loopback ports chosen here, for the scale-out tests and benchmarks: real processes that can be killed
 * with SIGKILL or frozen with SIGSTOP (bridge-contract §1: any number of instances).
 */
export class BridgeProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private nodeArgs: string[] = [];

  private constructor(readonly instanceId: string, readonly tcpPort: number, readonly httpPort: number,
    readonly mqttPort: number, private readonly env: Record<string, string>) {}

  static async start(opts: BridgeProcessOptions): Promise<BridgeProcess> {
    const [tcp, http, mqtt] = [await freePort(), await freePort(), await freePort()];
    const env = {
      TCP_HOST: '127.0.0.1', TCP_PORT: String(tcp), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(http),
      MQTT_HOST: '127.0.0.1', MQTT_PORT: String(mqtt), BRIDGE_INSTANCE_ID: opts.instanceId,
      LOG_LEVEL: opts.logLevel ?? process.env.BRIDGE_TEST_LOG ?? 'warn', ...opts.env,
    };
    const p = new BridgeProcess(opts.instanceId, tcp, http, mqtt, env);
    p.nodeArgs = opts.nodeArgs ?? [];
    await p.spawn();
    return p;
  }

  /** The embedded broker of this instance (meaningless with MQTT_URL set). */
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (again, on the same ports) and waits until /readyz answers 200. */
  async spawn(timeoutMs = 20_000): Promise<void> {
    const verbose = process.env.BRIDGE_TEST_LOG !== undefined;
    const child = spawn(process.execPath, [...this.nodeArgs, '-r', '@swc-node/register', 'apps/bridge/src/main.ts'], {
      cwd: ROOT, env: { ...pathEnv(), ...this.env }, stdio: verbose ? 'inherit' : 'ignore',
    });
    this.child = child;
    children.add(child);
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }));
    try {
      await this.waitReady(timeoutMs);
    } catch (err) {
      // a bridge that never became ready must not outlive the test that started it
      child.kill('SIGKILL');
      await this.exited;
      throw err;
    }
  }

  async waitReady(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`bridge ${this.instanceId} exited during start`);
      if (await this.ready()) return;
      if (Date.now() > until) throw new Error(`bridge ${this.instanceId} not ready within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async ready(): Promise<boolean> {
    try {
      const res = await request(`${this.httpUrl}/readyz`, { headersTimeout: 1000, bodyTimeout: 1000 });
      await res.body.dump();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }

  /** SIGKILL: the instance vanishes without a word (its leases and heartbeat just stop). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait for the graceful shutdown (bridge-contract: within 10 s). */
  async stop(): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child?.kill('SIGTERM');
    return this.exited as Promise<number | null>;
  }

  /** SIGSTOP / SIGCONT: a half-dead instance whose sockets stay open. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}

/** The parent's PATH etc., without settings of the test process that would leak into the bridge. */
function pathEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k] as string]));
}
