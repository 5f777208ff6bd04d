import { type MqttGateway, MqttPublishRejectedError, MqttUnavailableError } from '../mqtt/mqtt-gateway';
import type { Publication } from './publication';
import { SpoolFullError } from './publication';
import { Publisher } from './publisher';

/** A gateway whose answer to each publish is decided by the test. */
class ScriptedGateway implements Pick<MqttGateway, 'publish' | 'connected' | 'onConnectionChange'> {
  connected = true;
  readonly published: string[] = [];
  private listener?: (c: boolean) => void;
  answer: (topic: string) => Promise<void> = () => Promise.resolve();

  publish(topic: string): Promise<void> {
    return this.answer(topic).then(() => { this.published.push(topic); });
  }

  onConnectionChange(l: (c: boolean) => void): () => void {
    this.listener = l;
    return () => undefined;
  }

  set(connected: boolean): void {
    this.connected = connected;
    this.listener?.(connected);
  }
}

const pub = (topic: string): Publication => ({ topic, payload: '{}', qos: 1, retain: false });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Publisher (the spool of bridge-contract §6)', () => {
  let gw: ScriptedGateway;
  let p: Publisher;
  beforeEach(() => {
    gw = new ScriptedGateway();
    p = new Publisher(gw as unknown as MqttGateway, 3);
  });

  it('publishes in order and settles once the broker accepted', async () => {
    await p.enqueue([pub('a'), pub('b')]);
    expect(gw.published).toEqual(['a', 'b']);
    expect(p.depth).toBe(0);
  });

  it('refuses beyond capacity unless overflow is allowed (frames already read)', () => {
    gw.set(false);
    void p.enqueue([pub('a'), pub('b'), pub('c')]);
    expect(() => p.enqueue([pub('d')])).toThrow(SpoolFullError);
    void p.enqueue([pub('d')], true);
    expect(p.depth).toBe(4);
  });

  it('tells listeners when it becomes full and when it has room again', async () => {
    const seen: boolean[] = [];
    p.onPressure((full) => seen.push(full));
    gw.set(false);
    void p.enqueue([pub('a'), pub('b'), pub('c')]);
    gw.set(true);
    await flush();
    await flush();
    expect(seen).toEqual([true, false]);
  });

  it('drops a publication the broker refuses for good and goes on with the next', async () => {
    gw.answer = (t) => (t === 'bad' ? Promise.reject(new MqttPublishRejectedError(t, 0x90, 'topic name invalid'))
      : Promise.resolve());
    await p.enqueue([pub('bad'), pub('good')]);
    expect(gw.published).toEqual(['good']);
    expect(p.depth).toBe(0);
  });

  it('keeps a publication that failed for a transient reason and retries it, in order, on reconnect', async () => {
    let fail = true;
    gw.answer = () => (fail ? Promise.reject(new MqttUnavailableError()) : Promise.resolve());
    await p.enqueue([pub('a'), pub('b')]);
    expect(p.depth).toBe(2);
    fail = false;
    gw.set(false);
    gw.set(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(gw.published).toEqual(['a', 'b']);
    expect(p.depth).toBe(0);
  });

  it('drain resolves true once empty, false when the deadline passes first', async () => {
    expect(await p.drain(50)).toBe(true);
    gw.set(false);
    void p.enqueue([pub('a')]);
    expect(await p.drain(50)).toBe(false);
  });
});
