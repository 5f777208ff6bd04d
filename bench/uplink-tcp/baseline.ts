import { join } from 'node:path';
import { BenchChild } from '../common/child';
import type { BaselineCommand } from './baseline-publisher';
import type { BatchPlan } from './workload';

type BaselineMessage =
  | { kind: 'listening'; url: string } | { kind: 'connected' } | { kind: 'prepared'; count: number; bytes: number }
  | { kind: 'published'; at: number } | { kind: 'closed' } | { kind: 'error'; message: string };

/** The parent's handle on a baseline publisher process (baseline-publisher.ts). */
export class UplinkBaseline {
  private constructor(private readonly child: BenchChild<BaselineMessage>, readonly brokerUrl: string) {}

  /** aedes alone: a broker process with a bare in-process publisher; subscribe at `brokerUrl`. */
  static async aedes(): Promise<UplinkBaseline> {
    const child = BenchChild.start<BaselineMessage>('aedes-baseline', join(__dirname, 'baseline-publisher.ts'));
    const { url } = await child.request({ kind: 'start-aedes' } satisfies BaselineCommand, 'listening', 20_000);
    return new UplinkBaseline(child, url);
  }

  /** A bare MQTT.js QoS 1 publisher to an external broker at `url`. */
  static async mqtt(url: string): Promise<UplinkBaseline> {
    const child = BenchChild.start<BaselineMessage>('mqtt-baseline', join(__dirname, 'baseline-publisher.ts'));
    await child.request({ kind: 'connect', url } satisfies BaselineCommand, 'connected', 20_000);
    return new UplinkBaseline(child, url);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async prepare(plan: BatchPlan, base: string, tag: string): Promise<number> {
    const m = await this.child.request({ kind: 'prepare', plan, base, tag } satisfies BaselineCommand, 'prepared', 120_000);
    return m.count;
  }

  /** Starts publishing; resolves with the time the last publication was acknowledged. */
  async go(): Promise<number> {
    const m = await this.child.request({ kind: 'go' } satisfies BaselineCommand, 'published', 600_000);
    return m.at;
  }

  async stop(): Promise<void> {
    await this.child.request({ kind: 'close' } satisfies BaselineCommand, 'closed', 10_000).catch(() => undefined);
    await this.child.stop();
  }
}
