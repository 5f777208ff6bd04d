/**
 * Every error the protocol library throws or reports. `fault` says whose fault it is:
 * - `input`: the bytes a board (or a caller) sent are wrong; drop them, count them, keep going;
 * - `config`: the operator's configuration is wrong (e.g. an AES key that is not 16 bytes); fix the config.
 * `kind` is a short stable name, safe to use as a metric label.
 */
export type Fault = 'input' | 'config';

export abstract class BoardProtocolError extends Error {
  abstract readonly kind: string;
  abstract readonly fault: Fault;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** board-protocol §1.4: a frame longer than the configured maximum (checked before buffering more). */
export class FrameTooLargeError extends BoardProtocolError {
  readonly kind = 'frame-too-large';
  readonly fault = 'input' as const;
  constructor(readonly limit: number, readonly size: number) {
    super(`frame of at least ${size} bytes exceeds the limit of ${limit} bytes`);
  }
}

/** A frame (or body) that is not one JSON object. `excerpt` is at most 64 printable characters. */
export class FrameSyntaxError extends BoardProtocolError {
  readonly kind = 'frame-syntax';
  readonly fault = 'input' as const;
  constructor(readonly reason: string, readonly excerpt: string) {
    super(`frame is not a JSON object: ${reason}`);
  }
}

/** A JSON object that lacks what every board message carries (`devId`, a numeric `type`). */
export class MessageShapeError extends BoardProtocolError {
  readonly kind = 'message-shape';
  readonly fault = 'input' as const;
  constructor(readonly field: string, readonly reason: string) {
    super(`message field ${field}: ${reason}`);
  }
}

/** board-protocol §4: AES-128-CBC payload that does not decrypt (bad base64, wrong key, broken padding). */
export class DecryptionError extends BoardProtocolError {
  readonly kind = 'decryption';
  readonly fault = 'input' as const;
  constructor(readonly reason: string) {
    super(`cannot decrypt payload: ${reason}`);
  }
}

/** board-protocol §4.1: a key or IV that is not 16 bytes in one of the three accepted notations. */
export class KeyFormatError extends BoardProtocolError {
  readonly kind = 'key-format';
  readonly fault = 'config' as const;
  constructor(readonly reason: string) {
    super(`invalid AES key/IV: ${reason}`);
  }
}

/** board-protocol §1.2: an HTTP upload whose method, content type or body cannot be decoded. */
export class UploadFormatError extends BoardProtocolError {
  readonly kind = 'upload-format';
  readonly fault = 'input' as const;
  constructor(readonly reason: string) {
    super(`cannot decode upload: ${reason}`);
  }
}

export interface ParamIssue {
  /** Named parameter (or `p1`…`pN`, `tid`, `ttl`) the problem is about. */
  param: string;
  message: string;
}

/** board-protocol §3.2: a command whose parameters do not validate. Lists every problem at once. */
export class CommandValidationError extends BoardProtocolError {
  readonly kind = 'command-invalid';
  readonly fault = 'input' as const;
  constructor(readonly cmd: string, readonly issues: readonly ParamIssue[]) {
    super(`invalid ${cmd} command: ${issues.map((i) => `${i.param}: ${i.message}`).join('; ')}`);
  }
}

/** board-protocol §5.2: a time value in none of the board's formats. */
export class TimeFormatError extends BoardProtocolError {
  readonly kind = 'time-format';
  readonly fault = 'input' as const;
  constructor(readonly value: string) {
    super(`not a board time: ${JSON.stringify(value).slice(0, 40)}`);
  }
}
