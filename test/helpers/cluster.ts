import Redis from 'ioredis';
import type { CommandReply } from '../../apps/bridge/src/commands/command-types';
import { testServices } from '../setup/services';
import { type BoardAnswerer, realisticBoard } from './board-answers';
import { BridgeProcess } from './bridge-process';
import { CommandClient } from './command-client';
import { FakeBoard } from './fake-board';
import { MqttProbe, type ProbeMessage } from './mqtt-probe';

/**
 * The two ways instances share one broker (bridge-contract §1): all on the suite's Mosquitto, commands
 * taken through a shared subscription; or each on its own embedded broker, the brokers clustered through
 * Redis, each command handled by the instance whose broker received it.
 */
export type ClusterMode = 'external' | 'clustered';
export const CLUSTER_MODES: [string, ClusterMode][] = [
  ['external Mosquitto', 'external'], ['clustered embedded brokers', 'clustered'],
];

/** A command frame as one fake board's socket received it. */
export interface WrittenFrame {
  board: string;
  /** Which FakeBoard (connection) got it: the label given to board(). */
  socket: string;
  cmd: string;
  tid?: string;
}

export interface ClusterOptions {
  /** How many bridge processes (default 3: A, B, C). */
  nodes?: number;
  /** Extra settings for every process. */
  env?: Record<string, string>;
}

let clusters = 0;
const NAMES = 'ABCDE';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Resolves with `p`, or fails naming `what` after `timeoutMs`. */
export async function within<T>(p: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * N real bridge processes sharing the suite's Redis (own key prefix, base topic and shared group per
 * cluster), an observer of every reply and availability, publishers "on" each instance, and fake boards
 * whose received command frames are all recorded. close() kills everything it started.
 *
 * The observer sits on the last instance's broker (clustered mode), so tests kill or freeze the others.
 */
export class BridgeCluster {
  readonly frames: WrittenFrame[] = [];
  private readonly boards: FakeBoard[] = [];
  private readonly probes: MqttProbe[] = [];
  private readonly publishers = new Map<number, Promise<CommandClient>>();

  private constructor(readonly mode: ClusterMode, readonly base: string, readonly keyPrefix: string,
    readonly nodes: BridgeProcess[], readonly observer: CommandClient, private readonly redis: Redis) {
    this.probes.push(observer.probe);
  }

  static async start(mode: ClusterMode, opts: ClusterOptions = {}): Promise<BridgeCluster> {
    const n = ++clusters;
    const base = `so${process.pid}x${n}`;
    const keyPrefix = `t${process.pid}x${n}:`;
    const { redisUrl, mosquittoUrl } = testServices();
    const env: Record<string, string> = {
      REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, MQTT_BASE_TOPIC: base,
      INSTANCE_HEARTBEAT_MS: '200', INSTANCE_TTL_MS: '1500', COMMAND_HANDOFF_SEC: '2',
      ...(mode === 'external' ? { MQTT_URL: mosquittoUrl, MQTT_SHARED_GROUP: `g${base}` } : {}),
      ...opts.env,
    };
    const count = opts.nodes ?? 3;
    const started = await Promise.allSettled([...NAMES.slice(0, count)].map((name) =>
      BridgeProcess.start({ instanceId: `${base}-${name}`, env })));
    const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const redis = new Redis(redisUrl, { lazyConnect: true });
    try {
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      await redis.connect();
      const url = mode === 'external' ? mosquittoUrl : nodes[count - 1].mqttUrl;
      const probe = await MqttProbe.connect(url, [`${base}/+/command/+/reply`, `${base}/+/availability`]);
      return new BridgeCluster(mode, base, keyPrefix, nodes, new CommandClient(probe, base), redis);
    } catch (err) {
      await Promise.all(nodes.map((p) => p.kill()));
      redis.disconnect();
      throw err;
    }
  }

  instanceId(node: number): string {
    return this.nodes[node].instanceId;
  }

  /** Publishes through the broker of instance `node` (clustered), or a Mosquitto connection of its own. */
  async send(node: number, board: string, cmd: string, params: Record<string, unknown> = {}): Promise<string> {
    return (await this.publisher(node)).send(board, cmd, params);
  }

  /** Connects the publisher of instance `node` now (e.g. before that instance is frozen). */
  async connectPublisher(node: number): Promise<void> {
    await this.publisher(node);
  }

  /** Every reply seen so far for `requestId`, in arrival order. */
  replies(requestId: string): CommandReply[] {
    return this.observer.replies(requestId);
  }

  /** Waits for the final reply, then gives every status, in order. */
  lifecycle(requestId: string, timeoutMs = 8000): Promise<string[]> {
    return this.observer.lifecycle(requestId, timeoutMs);
  }

  /** A fake board whose command frames land in `frames`, labelled `label` (one label per connection). */
  board(devId: string, label: string, answer: BoardAnswerer = realisticBoard): FakeBoard {
    const board = new FakeBoard({ devId, answer: (f, id) => {
      if (f.cmd !== 'now') this.frames.push({ board: id, socket: label, cmd: String(f.cmd), tid: f.tid as string | undefined });
      return answer(f, id);
    } });
    this.boards.push(board);
    return board;
  }

  /** Connects `board` to instance `node`, says hello, and waits for the `now` handshake. */
  async connect(board: FakeBoard, node: number): Promise<void> {
    await board.connect(this.nodes[node].tcpPort);
    board.hello();
    await board.nextFrame((f) => f.cmd === 'now');
  }

  /** connect(), then waits until instance `node` holds the board in Redis (its claim is done). */
  async attach(board: FakeBoard, node: number): Promise<void> {
    await this.connect(board, node);
    await this.waitOwner(board.devId, node);
  }

  async owner(devId: string): Promise<{ instance: string; epoch: number } | null> {
    const raw = await this.redis.get(`${this.keyPrefix}owner:${devId}`);
    return raw === null ? null : JSON.parse(raw) as { instance: string; epoch: number };
  }

  waitOwner(devId: string, node: number, timeoutMs = 5000): Promise<void> {
    const want = this.instanceId(node);
    return eventually(async () => (await this.owner(devId))?.instance === want, `${devId} owned by ${want}`, timeoutMs);
  }

  /** Availability publications of one board the observer saw, in order. */
  availability(devId: string): ProbeMessage[] {
    return this.observer.probe.on(`${this.base}/${devId}/availability`);
  }

  /** What a subscriber arriving now gets on the board's availability topic: the retained message. */
  async retainedAvailability(devId: string): Promise<ProbeMessage> {
    const topic = `${this.base}/${devId}/availability`;
    const url = this.mode === 'external' ? testServices().mosquittoUrl : this.nodes[this.nodes.length - 1].mqttUrl;
    const probe = await MqttProbe.connect(url, [topic]);
    try {
      return await probe.next(topic);
    } finally {
      await probe.close();
    }
  }

  /** Command frames of `devId` received on the connection labelled `socket` (any when omitted). */
  framesOf(devId: string, socket?: string): WrittenFrame[] {
    return this.frames.filter((f) => f.board === devId && (socket === undefined || f.socket === socket));
  }

  /** Kills every bridge (frozen ones too), closes every board and MQTT client; never throws. */
  async close(): Promise<void> {
    this.boards.forEach((b) => b.destroy());
    await Promise.all(this.probes.map((p) => p.close().catch(() => undefined)));
    await Promise.all(this.nodes.map((p) => p.kill()));
    this.redis.disconnect();
  }

  private publisher(node: number): Promise<CommandClient> {
    let client = this.publishers.get(node);
    if (!client) {
      const url = this.mode === 'external' ? testServices().mosquittoUrl : this.nodes[node].mqttUrl;
      client = MqttProbe.connect(url, [`${this.base}/-/none`]).then((probe) => {
        this.probes.push(probe);
        return new CommandClient(probe, this.base);
      });
      this.publishers.set(node, client);
    }
    return client;
  }
}
