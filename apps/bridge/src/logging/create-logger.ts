import pino, { type Logger } from 'pino';

/** One pino logger for the process; nestjs-pino and the plain classes share it. */
export function createLogger(level: string, instance: string): Logger {
  return pino({
    level,
    base: { instance },
    // SMS bodies and full numbers never reach the log at info level (bridge-contract §6 privacy).
    redact: { paths: ['*.smsBd', '*.text', '*.phNum', '*.password', '*.aesKey', '*.aesIv'], censor: '[redacted]' },
  });
}
