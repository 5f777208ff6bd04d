import type { IClientPublishOptions } from 'mqtt';
import type { CommandReply } from '../../apps/bridge/src/commands/command-types';
import type { MqttProbe } from './mqtt-probe';

let nextRequest = 1;

/**
 * Publishes commands the way an operator does (bridge-contract §4) and reads their replies from a probe
 * subscribed to `{base}/+/command/+/reply`.
 */
export class CommandClient {
  constructor(readonly probe: MqttProbe, readonly base = 'boards') {}

  /** Publishes `{base}/{board}/command/{cmd}`; returns the requestId it put in the payload. */
  async send(board: string, cmd: string, params: Record<string, unknown> = {}, opts: IClientPublishOptions = {}):
    Promise<string> {
    const requestId = typeof params.requestId === 'string' ? params.requestId : `r${process.pid}-${nextRequest++}`;
    await this.probe.client.publishAsync(`${this.base}/${board}/command/${cmd}`,
      JSON.stringify({ requestId, ...params }), { qos: 1, ...opts });
    return requestId;
  }

  /** Publishes a raw payload (for bad input); the replies carry a generated requestId. */
  async sendRaw(board: string, cmd: string, payload: string | Buffer, opts: IClientPublishOptions = {}): Promise<void> {
    await this.probe.client.publishAsync(`${this.base}/${board}/command/${cmd}`, payload, { qos: 1, ...opts });
  }

  /** Every reply seen so far for `requestId`, in arrival order. */
  replies(requestId: string): CommandReply[] {
    return this.probe.on(/\/command\/[^/]+\/reply$/).map((m) => m.json<CommandReply>())
      .filter((r) => r.requestId === requestId);
  }

  /** Waits for the reply with `status` (or the final one when omitted). */
  async reply(requestId: string, status?: CommandReply['status'], timeoutMs = 5000): Promise<CommandReply> {
    const m = await this.probe.until(/\/command\/[^/]+\/reply$/, (msg) => {
      const r = msg.json<CommandReply>();
      return r.requestId === requestId && (status ? r.status === status : r.final);
    }, timeoutMs);
    return m.json<CommandReply>();
  }

  /** The statuses of `requestId` once its final reply arrived. */
  async lifecycle(requestId: string, timeoutMs = 5000): Promise<string[]> {
    await this.reply(requestId, undefined, timeoutMs);
    return this.replies(requestId).map((r) => r.status);
  }

  /** The last reply on a board's reply topic for `cmd` (rejections of unreadable payloads carry new ids). */
  async lastOn(board: string, cmd: string, pred: (r: CommandReply) => boolean, timeoutMs = 5000): Promise<CommandReply> {
    const m = await this.probe.until(`${this.base}/${board}/command/${cmd}/reply`, (msg) => pred(msg.json()), timeoutMs);
    return m.json<CommandReply>();
  }
}
