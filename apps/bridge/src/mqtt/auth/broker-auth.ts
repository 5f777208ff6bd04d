import type {
  AedesOptions, AedesPublishPacket, AuthenticateError, Client, ConnectPacket, PublishPacket, Subscription,
} from 'aedes';
import type { CredentialCheck, CredentialResult } from './credential-check';
import { BLACK_HOLE_TOPIC, type MqttPrincipal, type TopicAcl } from './topic-acl';

export type MqttDeniedAction = 'connect' | 'publish' | 'subscribe';

/** One refusal, for the log and the `bridge_mqtt_denied_total{action,reason}` counter. */
export interface MqttDenial {
  action: MqttDeniedAction;
  /** Bounded: bad-credentials, anonymous, busy, will, system, bridge-topic, role, board, command. */
  reason: string;
  /** The authenticated user, or for a refused connect the name the client gave (untrusted). */
  user?: string;
  clientId?: string;
  address?: string;
  topic?: string;
}

export interface BrokerAuthOptions {
  acl: TopicAcl;
  /** MQTT_USERS_FILE's users; absent when none are configured. */
  users?: CredentialCheck;
  /** Who a client without credentials is; absent when anonymous access is off. */
  anonymous?: MqttPrincipal;
  /** Anonymous clients only from a loopback address (the zero-settings default). */
  anonymousLoopbackOnly?: boolean;
  onDenied(denial: MqttDenial): void;
}

export type BrokerAuthHooks = Required<Pick<AedesOptions,
  'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>>;

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3 (aedes' AuthErrorCode is an ambient const enum). */
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

type Identity = CredentialResult | { ok: false; reason: 'anonymous' };

/**
 * The embedded broker's aedes hooks. The bridge's own publications and subscriptions go straight into aedes
 * (broker.publish / broker.subscribe) and never pass through them, so the bridge needs no password.
 *
 * A refused publication is acknowledged and dropped, as Mosquitto does: MQTT 3.1.1 lets the server either
 * acknowledge or close the connection [MQTT-3.3.5-2], and aedes closes it when the hook answers an error.
 * Dropping is done by moving the packet to a `$` topic nobody can receive (topic-acl.ts), so aedes still
 * sends the PUBACK/PUBREC the client waits for and nothing matching the real topic ever sees it.
 */
export class BrokerAuth {
  private readonly principals = new WeakMap<Client, MqttPrincipal>();
  private readonly wills = new WeakMap<Client, PublishPacket>();

  constructor(private readonly o: BrokerAuthOptions) {}

  hooks(): BrokerAuthHooks {
    return {
      preConnect: (client, packet, done) => this.preConnect(client, packet, done),
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => done(this.authorizePublish(client, packet)),
      authorizeSubscribe: (client, sub, done) => done(null, this.authorizeSubscribe(client, sub)),
      authorizeForward: (client, packet) => this.authorizeForward(client, packet),
    };
  }

  /** Who the client authenticated as; undefined before CONNACK or after a refusal. */
  principalOf(client: Client): MqttPrincipal | undefined {
    return this.principals.get(client);
  }

  private preConnect(client: Client, packet: ConnectPacket, done: (err: Error | null, ok: boolean) => void): void {
    // the will is checked in authenticate(), once the client's identity is known
    if (packet.will) this.wills.set(client, packet.will as PublishPacket);
    done(null, true);
  }

  private authenticate(client: Client, username: string | undefined, password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void): void {
    this.identify(username, password, addressOf(client)).then((id) => {
      if (!id.ok) return this.refuse(client, username, id.reason, done);
      const will = this.wills.get(client);
      this.wills.delete(client);
      if (will && this.o.acl.publishDenial(id.principal, will.topic)) {
        return this.refuse(client, username ?? id.principal.name, 'will', done, will.topic);
      }
      this.principals.set(client, id.principal);
      done(null, true);
    }, () => done(authError(SERVER_UNAVAILABLE, 'authentication failed'), false));
  }

  private identify(username: string | undefined, password: Buffer | undefined, address: string | undefined):
    Promise<Identity> {
    if (this.o.users && username !== undefined) return this.o.users.check(username, password ?? Buffer.alloc(0));
    // without users, credentials are ignored when anonymous access is on (as Mosquitto without a password_file)
    const anonymousOk = this.o.anonymous && (!this.o.anonymousLoopbackOnly || isLoopback(address));
    if (anonymousOk && this.o.anonymous) return Promise.resolve({ ok: true, principal: this.o.anonymous });
    return Promise.resolve({ ok: false, reason: username === undefined ? 'anonymous' : 'bad-credentials' });
  }

  private refuse(client: Client, user: string | undefined, reason: string,
    done: (err: AuthenticateError | null, ok: boolean | null) => void, topic?: string): void {
    this.o.onDenied({ action: 'connect', reason, user, clientId: client.id, address: addressOf(client), topic });
    const code = reason === 'busy' ? SERVER_UNAVAILABLE
      : reason === 'bad-credentials' ? BAD_USERNAME_OR_PASSWORD : NOT_AUTHORIZED;
    done(authError(code, `MQTT connect refused: ${reason}`), false);
  }

  private authorizePublish(client: Client | null, packet: PublishPacket): null {
    // client is null for the will of a client of a dead cluster node (aedes _clearWills): that will was
    // checked when its client connected, so only the topics nobody may publish are refused again here
    const who = client ? this.principals.get(client) : undefined;
    const denial = who ? this.o.acl.publishDenial(who, packet.topic)
      : client ? 'role' : this.bridgeOnly(packet.topic);
    if (denial) {
      this.o.onDenied({ action: 'publish', reason: denial, user: who?.name, clientId: client?.id,
        address: client ? addressOf(client) : undefined, topic: packet.topic });
      dropPublication(packet);
    }
    return null;
  }

  private bridgeOnly(topic: string): 'system' | 'bridge-topic' | null {
    if (topic.startsWith('$')) return 'system';
    return this.o.acl.isBridgeTopic(topic) ? 'bridge-topic' : null;
  }

  private authorizeSubscribe(client: Client, sub: Subscription): Subscription | null {
    const who = this.principals.get(client);
    const denial = who ? this.o.acl.subscribeDenial(who, sub.topic) : 'role';
    if (!denial) return sub;
    this.o.onDenied({ action: 'subscribe', reason: denial, user: who?.name, clientId: client.id,
      address: addressOf(client), topic: sub.topic });
    // null: SUBACK return code 0x80 for this filter [MQTT-3.9.3], the others are granted as usual
    return null;
  }

  private authorizeForward(client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    const who = this.principals.get(client);
    return who && this.o.acl.mayRead(who, packet.topic) ? packet : null;
  }
}

/** Keeps the packet's QoS (so aedes acknowledges it) and sends it where nothing listens. */
function dropPublication(packet: PublishPacket): void {
  packet.topic = BLACK_HOLE_TOPIC;
  packet.payload = Buffer.alloc(0);
  packet.retain = false;
}

function authError(returnCode: number, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as unknown as AuthenticateError;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: a client on this host. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

function addressOf(client: Client): string | undefined {
  const socket = (client.req?.socket ?? client.conn) as { remoteAddress?: string } | undefined;
  return socket?.remoteAddress;
}
