export { parseMessage } from './parse-message';
export { normalise } from './normalise';
export { eventId, eventIdBasis, type EventIdBasis } from './event-id';
export { eventName } from './event-meta';
export { emptyState, mergeState } from './board-state';
export type { EventEnvelope, EventName, NormaliseContext, Transport } from './envelope';
export type { BoardState, NetworkPath, SlotState, SlotStatus } from './board-state-types';
export type {
  CallQueryResult, CallRecord, ReplyResult, SmsQueryResult, SmsRecord, StatResult, StatSlot,
} from './reply-types';
export type {
  BoardMessage, CallControlMessage, CallControlResult, CallControlType, CallDirection, CallForwardingMessage,
  CallMessage, CallPhase, CallType, DtmfMessage, DtmfType, ForwardingType, MessageBase, MessageKind,
  ModemErrorMessage, OnlineMessage, OnlineType, ParseOptions, PingMessage, ReplyMessage, ReplyType, SimIdentity,
  SimMessage, SimStatus, SimType, SlotNumber, SmsReceivedMessage, SmsSentMessage, UnknownMessage,
} from './types';
