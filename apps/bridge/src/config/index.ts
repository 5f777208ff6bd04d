export * from './board-registry';
export * from './config-error';
export * from './load-config';

/** Injection token for the frozen BridgeConfig. */
export const BRIDGE_CONFIG = Symbol('BRIDGE_CONFIG');
