import { Publisher } from '../ingest/publisher';
import type { MqttGateway, MqttPublishOptions } from '../mqtt/mqtt-gateway';
import { TopicScheme } from '../mqtt/topics';
import { buildReply, CommandReplies, type ReplyTarget } from './command-replies';
import type { CommandReply, CommandStatus } from './command-types';

/** A connected broker that accepts every publication and remembers it. */
class FakeGateway implements Pick<MqttGateway, 'publish' | 'connected' | 'onConnectionChange'> {
  readonly connected = true;
  readonly published: { topic: string; payload: string; opts?: MqttPublishOptions }[] = [];

  publish(topic: string, payload: string | Buffer, opts?: MqttPublishOptions): Promise<void> {
    this.published.push({ topic, payload: payload.toString(), opts });
    return Promise.resolve();
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }
}

const AT = new Date('2026-03-01T12:00:00.000Z');
const TARGET: ReplyTarget = { requestId: 'req-1', board: '498060912345', cmd: 'sendsms' };

describe('buildReply', () => {
  it.each<[CommandStatus, boolean]>([
    ['rejected', true], ['queued', false], ['sent', false], ['acknowledged', true],
    ['completed', true], ['failed', true], ['expired', true],
  ])('marks %s final=%p', (status, final) => {
    expect(buildReply(TARGET, status, {}, 'bridge-a', AT).final).toBe(final);
  });

  it('keeps acknowledged open while a report is awaited', () => {
    expect(buildReply(TARGET, 'acknowledged', { awaitingReport: true }, 'i', AT).final).toBe(false);
    expect(buildReply(TARGET, 'acknowledged', { awaitingReport: false }, 'i', AT).final).toBe(true);
    // Only acknowledged can be kept open: a failure is final whatever the caller says.
    expect(buildReply(TARGET, 'failed', { awaitingReport: true }, 'i', AT).final).toBe(true);
  });

  it('carries the contract fields and only the optional ones that were given', () => {
    expect(buildReply(TARGET, 'sent', {}, 'bridge-a', AT)).toEqual({
      requestId: 'req-1', cmd: 'sendsms', status: 'sent', final: false, instance: 'bridge-a',
      at: '2026-03-01T12:00:00.000Z',
    });
    const failed = buildReply(TARGET, 'failed',
      { code: 101, message: 'Invalid arguments.', reason: 'board', data: { tid: '7' } }, 'bridge-a', AT);
    expect(failed).toMatchObject({ code: 101, message: 'Invalid arguments.', reason: 'board', data: { tid: '7' } });
    expect(failed).not.toHaveProperty('awaitingReport');
  });

  it('keeps code 0 (a falsy value is still given)', () => {
    expect(buildReply(TARGET, 'acknowledged', { code: 0 }, 'i', AT).code).toBe(0);
  });
});

describe('CommandReplies', () => {
  let gateway: FakeGateway;
  let replies: CommandReplies;

  beforeEach(() => {
    gateway = new FakeGateway();
    const publisher = new Publisher(gateway as unknown as MqttGateway, 100);
    replies = new CommandReplies(publisher, new TopicScheme('boards'), 'bridge-a');
  });

  it('publishes on {base}/{id}/command/{cmd}/reply, QoS 1, not retained', () => {
    const reply = replies.publish(TARGET, 'sent', { data: { tid: '1700000000000000' } });
    expect(gateway.published).toHaveLength(1);
    const [pub] = gateway.published;
    expect(pub.topic).toBe('boards/498060912345/command/sendsms/reply');
    expect(pub.opts).toEqual({ qos: 1, retain: false });
    const payload = JSON.parse(pub.payload) as CommandReply;
    expect(payload).toEqual(reply);
    expect(payload).toMatchObject({ requestId: 'req-1', cmd: 'sendsms', status: 'sent', final: false,
      instance: 'bridge-a', data: { tid: '1700000000000000' } });
    expect(Number.isNaN(Date.parse(payload.at))).toBe(false);
  });

  it('copies the reply to the MQTT 5 Response Topic with the Correlation Data decoded from base64', () => {
    const correlation = Buffer.from([0x00, 0xff, 0x10, 0x41]);
    const target = { ...TARGET, replyTo: { topic: 'app/inbox/42', correlationData: correlation.toString('base64') } };
    replies.publish(target, 'completed', { data: { slot: 1 } });
    expect(gateway.published.map((p) => p.topic))
      .toEqual(['boards/498060912345/command/sendsms/reply', 'app/inbox/42']);
    const [main, copy] = gateway.published;
    expect(copy.payload).toBe(main.payload);
    expect(main.opts?.properties).toBeUndefined();
    expect(copy.opts).toMatchObject({ qos: 1, retain: false });
    expect(Buffer.isBuffer(copy.opts?.properties?.correlationData)).toBe(true);
    expect(copy.opts?.properties?.correlationData?.equals(correlation)).toBe(true);
    expect(JSON.parse(copy.payload)).toMatchObject({ status: 'completed', final: true });
  });

  it('sends the Response Topic copy without properties when there was no Correlation Data', () => {
    replies.publish({ ...TARGET, replyTo: { topic: 'app/inbox' } }, 'queued');
    expect(gateway.published).toHaveLength(2);
    expect(gateway.published[1]).toMatchObject({ topic: 'app/inbox', opts: { qos: 1, retain: false } });
    expect(gateway.published[1].opts?.properties).toBeUndefined();
  });

  it('publishes each step in order with its final flag', () => {
    replies.publish(TARGET, 'sent');
    replies.publish(TARGET, 'acknowledged', { code: 0, awaitingReport: true });
    replies.publish(TARGET, 'completed');
    const steps = gateway.published.map((p) => JSON.parse(p.payload) as CommandReply);
    expect(steps.map((s) => [s.status, s.final])).toEqual([['sent', false], ['acknowledged', false], ['completed', true]]);
    expect(steps[1].code).toBe(0);
  });

  it('tells local listeners about every reply until they unsubscribe', () => {
    const seen: [string, string][] = [];
    const off = replies.onReply((board, reply) => seen.push([board, reply.status]));
    replies.publish(TARGET, 'sent');
    off();
    replies.publish(TARGET, 'completed');
    expect(seen).toEqual([['498060912345', 'sent']]);
  });

  it('publishAccepted resolves only once the broker has taken the reply', async () => {
    let ack!: () => void;
    gateway.publish = (topic, payload) => {
      gateway.published.push({ topic, payload: payload.toString() });
      return new Promise<void>((r) => { ack = r; });
    };
    let done = false;
    const accepted = replies.publishAccepted(TARGET, 'queued', { data: { ttl: 60 } }).then((r) => { done = true; return r; });
    await new Promise((r) => setImmediate(r));
    expect(gateway.published).toHaveLength(1);
    expect(done).toBe(false);
    ack();
    expect(await accepted).toMatchObject({ status: 'queued', final: false, data: { ttl: 60 } });
  });

  it('still publishes when the spool is over capacity: a reply must not be lost', () => {
    const tiny = new CommandReplies(new Publisher(gateway as unknown as MqttGateway, 0), new TopicScheme('b'), 'i');
    expect(() => tiny.publish(TARGET, 'failed', { reason: 'timeout' })).not.toThrow();
    expect(gateway.published.map((p) => p.topic)).toEqual(['b/498060912345/command/sendsms/reply']);
  });
});
