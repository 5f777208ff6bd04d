import type { AedesPublishPacket, Client, ConnectPacket, PublishPacket } from 'aedes';
import { BrokerAuth, type BrokerAuthHooks, type MqttDenial } from './broker-auth';
import { CredentialCheck } from './credential-check';
import { hashPassword, parsePasswordHash } from './password-hash';
import { BLACK_HOLE_TOPIC, type MqttPrincipal, type MqttRole, TopicAcl } from './topic-acl';

const acl = new TopicAcl('boards');
const client = (id = 'c1') => ({ id, conn: { remoteAddress: '10.0.0.9' } }) as unknown as Client;
const publish = (topic: string, extra: Partial<PublishPacket> = {}): PublishPacket =>
  ({ cmd: 'publish', topic, payload: Buffer.from('{"x":1}'), qos: 1, retain: true, dup: false, ...extra });

async function usersWith(roles: Record<string, MqttRole>): Promise<CredentialCheck> {
  const map = new Map();
  for (const [name, role] of Object.entries(roles)) {
    const principal: MqttPrincipal = { name, role };
    map.set(name, { principal, hash: parsePasswordHash(await hashPassword(`pw-${name}`, { ln: 10, r: 8, p: 1 })) });
  }
  return new CredentialCheck(map);
}

function setup(opts: { users?: CredentialCheck; anonymous?: MqttPrincipal; anonymousLoopbackOnly?: boolean }) {
  const denials: MqttDenial[] = [];
  const auth = new BrokerAuth({ acl, ...opts, onDenied: (d) => denials.push(d) });
  return { auth, hooks: auth.hooks(), denials };
}

function connect(hooks: BrokerAuthHooks, c: Client, user?: string, password?: string, will?: PublishPacket):
  Promise<{ ok: boolean | null; code?: number }> {
  return new Promise((resolve) => {
    hooks.preConnect(c, { cmd: 'connect', clientId: c.id, will } as unknown as ConnectPacket, () => {
      hooks.authenticate(c, user, password === undefined ? undefined : Buffer.from(password),
        (err, ok) => resolve({ ok, code: (err as { returnCode?: number } | null)?.returnCode }));
    });
  });
}

const authorizePublish = (hooks: BrokerAuthHooks, c: Client | null, packet: PublishPacket) =>
  new Promise<unknown>((resolve) => hooks.authorizePublish(c, packet, resolve));

describe('BrokerAuth connect', () => {
  it('refuses anonymous clients unless allowed, and wrong passwords with code 4', async () => {
    const { hooks, denials } = setup({ users: await usersWith({ ann: 'reader' }) });
    expect(await connect(hooks, client(), undefined)).toEqual({ ok: false, code: 5 });
    expect(await connect(hooks, client(), 'ann', 'wrong')).toEqual({ ok: false, code: 4 });
    expect(await connect(hooks, client(), 'ann', 'pw-ann')).toEqual({ ok: true, code: undefined });
    expect(denials.map((d) => [d.action, d.reason, d.address])).toEqual([['connect', 'anonymous', '10.0.0.9'],
      ['connect', 'bad-credentials', '10.0.0.9']]);
  });

  it('without users, lets anyone in as the anonymous role only when that is on', async () => {
    const off = setup({});
    expect(await connect(off.hooks, client())).toMatchObject({ ok: false, code: 5 });
    expect(await connect(off.hooks, client(), 'who', 'ever')).toMatchObject({ ok: false, code: 4 });
    const on = setup({ anonymous: { name: '(anonymous)', role: 'reader' } });
    const c = client();
    expect(await connect(on.hooks, c)).toMatchObject({ ok: true });
    expect(on.auth.principalOf(c)).toEqual({ name: '(anonymous)', role: 'reader' });
  });

  it('by default lets anonymous clients in from this host only', async () => {
    const { hooks, denials } = setup({ anonymous: { name: '(anonymous)', role: 'admin' }, anonymousLoopbackOnly: true });
    const from = (remoteAddress: string) => ({ id: remoteAddress, conn: { remoteAddress } }) as unknown as Client;
    for (const local of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) {
      expect(await connect(hooks, from(local))).toMatchObject({ ok: true });
    }
    for (const remote of ['10.0.0.9', '::ffff:192.0.2.2', 'fd00::2']) {
      expect(await connect(hooks, from(remote))).toEqual({ ok: false, code: 5 });
    }
    expect(denials.map((d) => d.address)).toEqual(['10.0.0.9', '::ffff:192.0.2.2', 'fd00::2']);
  });

  it('refuses a will its client could not publish', async () => {
    const { hooks, denials } = setup({ users: await usersWith({ ann: 'admin' }) });
    const spoof = publish('boards/1/availability');
    expect(await connect(hooks, client(), 'ann', 'pw-ann', spoof)).toEqual({ ok: false, code: 5 });
    expect(denials[0]).toMatchObject({ action: 'connect', reason: 'will', topic: 'boards/1/availability' });
    expect(await connect(hooks, client(), 'ann', 'pw-ann', publish('clients/ann/gone'))).toMatchObject({ ok: true });
  });
});

describe('BrokerAuth publish, subscribe, forward', () => {
  async function connected(role: MqttRole) {
    const s = setup({ users: await usersWith({ [role]: role }) });
    const c = client(role);
    await connect(s.hooks, c, role, `pw-${role}`);
    return { ...s, c };
  }

  it('acknowledges and drops a refused publication: no error, moved where nobody listens', async () => {
    const { hooks, c, denials } = await connected('reader');
    const packet = publish('boards/1/command/restart');
    expect(await authorizePublish(hooks, c, packet)).toBeNull();
    expect(packet).toMatchObject({ topic: BLACK_HOLE_TOPIC, retain: false, qos: 1, payload: Buffer.alloc(0) });
    expect(denials).toEqual([expect.objectContaining({ action: 'publish', reason: 'role', user: 'reader' })]);
  });

  it('leaves an allowed publication untouched', async () => {
    const { hooks, c, denials } = await connected('operator');
    const packet = publish('boards/1/command/restart', { retain: false });
    expect(await authorizePublish(hooks, c, packet)).toBeNull();
    expect(packet.topic).toBe('boards/1/command/restart');
    expect(denials).toEqual([]);
  });

  it('a will from a dead cluster node (no client) may not hit bridge topics', async () => {
    const { hooks, denials } = setup({});
    const spoof = publish('boards/1/event/sms_received');
    await authorizePublish(hooks, null, spoof);
    expect(spoof.topic).toBe(BLACK_HOLE_TOPIC);
    const fine = publish('clients/x/gone');
    await authorizePublish(hooks, null, fine);
    expect(fine.topic).toBe('clients/x/gone');
    expect(denials.map((d) => d.reason)).toEqual(['bridge-topic']);
  });

  it('grants filters that reach readable topics and answers 0x80 (null) for the others', async () => {
    const { hooks, c, denials } = await connected('reader');
    const sub = (topic: string) => new Promise((resolve) => hooks.authorizeSubscribe(c, { topic, qos: 1 },
      (_err, granted) => resolve(granted)));
    expect(await sub('boards/+/event/#')).toEqual({ topic: 'boards/+/event/#', qos: 1 });
    expect(await sub('boards/#')).toEqual({ topic: 'boards/#', qos: 1 });
    expect(await sub('other/#')).toBeNull();
    expect(denials).toEqual([expect.objectContaining({ action: 'subscribe', reason: 'role', topic: 'other/#' })]);
  });

  it('forwards only what the client may read', async () => {
    const { hooks, c } = await connected('reader');
    const packet = (topic: string) => ({ ...publish(topic), brokerId: 'b', brokerCounter: 1 }) as AedesPublishPacket;
    expect(hooks.authorizeForward(c, packet('boards/1/state'))).toBeTruthy();
    expect(hooks.authorizeForward(c, packet('boards/1/command/sendsms'))).toBeNull();
    expect(hooks.authorizeForward(client('stranger'), packet('boards/1/state'))).toBeNull();
  });
});
