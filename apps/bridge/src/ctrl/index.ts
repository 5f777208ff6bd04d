/** The board's LAN `/ctrl` API (board-protocol §1.5): client, typed errors, token from the registry. */
export { CtrlClient, type CtrlClientOptions, type CtrlCommand, type CtrlTarget } from './ctrl-client';
export { CtrlError, CtrlProtocolError, CtrlRejectedError, CtrlUnavailableError, type CtrlFault } from './ctrl-errors';
export { MAX_CTRL_BODY_BYTES, type CtrlOutcome } from './ctrl-reply';
export { ctrlTarget, ctrlToken, type CtrlSettings } from './ctrl-token';
export { DEFAULT_CTRL_PORTS } from './ctrl-url';
