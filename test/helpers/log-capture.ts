import type { Logger } from 'pino';
import { createLogger } from '../../apps/bridge/src/logging/create-logger';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The bridge's real logger (masking included) writing into memory, for assertions on log lines. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly logger: Logger;

  constructor(level = 'info') {
    this.logger = createLogger(level, 'log-capture', { write: (s: string) => { this.lines.push(JSON.parse(s) as LogLine); } });
  }

  /** Lines whose message matches and whose fields include `fields`. */
  matching(msg: RegExp, fields: Record<string, unknown> = {}): LogLine[] {
    return this.lines.filter((l) => msg.test(l.msg) && Object.entries(fields).every(([k, v]) => l[k] === v));
  }

  get text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}
