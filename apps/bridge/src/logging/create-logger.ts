import pino, { type DestinationStream, type Logger } from 'pino';
import { maskPersonal, redactSecrets } from './personal-data';

/** Levels at which an operator asked for detail: personal data is shown unmasked only there. */
const DETAIL_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace']);

/**
 * One pino logger for the process; nestjs-pino and the plain classes share it. Secrets are redacted at
 * every level; phone numbers and SMS text are masked at info level and above (issue 6 privacy,
 * logging/personal-data.ts), at any depth of the logged object.
 */
export function createLogger(level: string, instance: string, destination?: DestinationStream): Logger {
  const mask = DETAIL_LEVELS.has(level) ? redactSecrets : maskPersonal;
  const options: pino.LoggerOptions = { level, base: { instance }, formatters: { log: (record) => mask(record) } };
  return destination ? pino(options, destination) : pino(options);
}
