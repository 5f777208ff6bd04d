import { COMMAND_TABLE } from '@board-bridge/board-protocol';
import { POSITIONAL_SCHEMA_NAME, commandSchemaName } from './command-schemas';
import { EVENT_DOCS, eventSchemaName } from './event-schemas';

/**
 * One MQTT topic of bridge-contract §2 as the AsyncAPI document describes it: its address, the one
 * message it carries, and whether the bridge sends it (to users) or receives it (from users).
 */
export interface ChannelDoc {
  /** Key in `channels`, also the message key and the operation's suffix. */
  id: string;
  address: string;
  title: string;
  description: string;
  /** Name of the payload schema in `#/components/schemas/`. */
  schema: string;
  action: 'send' | 'receive';
  retain: boolean;
  /** Channel id of the replies, for commands. */
  reply?: string;
}

const BOARD = '{base}/{boardId}';
const REPLY_CHANNEL = 'commandReply';

export function channelDocs(): ChannelDoc[] {
  return [...boardChannels(), ...eventChannels(), ...commandChannels(), bridgeChannel()];
}

function boardChannels(): ChannelDoc[] {
  return [
    {
      id: 'availability', address: `${BOARD}/availability`, title: 'board availability', schema: 'Availability',
      action: 'send', retain: true,
      description: '`online` on the first message of a TCP session or any upload; `offline` with a `reason` when the ' +
        'session closes, is replaced, misses pings (3 × ping interval + slack) or the bridge stops.',
    },
    {
      id: 'state', address: `${BOARD}/state`, title: 'board state', schema: 'BoardState', action: 'send', retain: true,
      description: 'The latest known snapshot of the board: firmware, WiFi, network path, both SIM slots, last seen, ' +
        'ping count. Published again whenever it changes and after a broker reconnect.',
    },
  ];
}

function eventChannels(): ChannelDoc[] {
  return EVENT_DOCS.map((doc) => ({
    id: lowerFirst(eventSchemaName(doc.event)), address: `${BOARD}/event/${doc.event}`, title: `${doc.event} event`,
    description: `${capitalise(doc.summary)}. Board types: ${doc.types?.join(', ') ?? 'any other'}. ` +
      'One envelope per board message; the same message always has the same eventId, and messages that carry ' +
      'their own identity are published once per dedup window.',
    schema: eventSchemaName(doc.event), action: 'send' as const, retain: false,
  }));
}

function commandChannels(): ChannelDoc[] {
  const retainNote = 'Never retained: a retained command is rejected (reason `retained`).';
  const documented = COMMAND_TABLE.map((spec) => ({
    id: lowerFirst(commandSchemaName(spec.name)), address: `${BOARD}/command/${spec.name}`,
    title: `${spec.name} command`, description: `${capitalise(spec.summary)}. ${retainNote}`,
    schema: commandSchemaName(spec.name), action: 'receive' as const, retain: false, reply: REPLY_CHANNEL,
  }));
  const positional: ChannelDoc = {
    id: 'commandPositional', address: `${BOARD}/command/{cmd}`, title: 'any command by position',
    description: `Commands the table does not know (and documented ones) with p1…pN passed through. ${retainNote}`,
    schema: POSITIONAL_SCHEMA_NAME, action: 'receive', retain: false, reply: REPLY_CHANNEL,
  };
  const reply: ChannelDoc = {
    id: REPLY_CHANNEL, address: `${BOARD}/command/{cmd}/reply`, title: 'command replies',
    description: 'Each step of a command\'s life (bridge-contract §4); with an MQTT 5 request that has a Response ' +
      'Topic, also published there with its Correlation Data.',
    schema: 'CommandReply', action: 'send', retain: false,
  };
  return [...documented, positional, reply];
}

function bridgeChannel(): ChannelDoc {
  return {
    id: 'bridgeState', address: '{base}/bridge/{instance}/state', title: 'bridge instance state', schema: 'BridgeState',
    action: 'send', retain: true,
    description: 'Retained; `online` at start, `offline` after a graceful stop. With an external broker the retained ' +
      'last will says `offline` with reason `connection-lost` when the instance vanishes.',
  };
}

/** The `{…}` parameters of an address, in order. */
export function addressParameters(address: string): string[] {
  return [...address.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
