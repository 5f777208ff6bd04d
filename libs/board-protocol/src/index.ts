/**
 * The board protocol (shared/board-protocol.md) as a pure library: Buffers and plain objects in and out,
 * no sockets, timers, logging, Nest, Redis or MQTT.
 */
export * from './errors';
export * from './framing';
export * from './crypto';
export * from './upload';
export * from './time';
export * from './auth';
export * from './message';
export * from './commands';
