import type { CommandSpec } from './command-spec';
import { CALL_COMMANDS } from './families/call-commands';
import { DEVICE_COMMANDS } from './families/device-commands';
import { SIM_COMMANDS } from './families/sim-commands';
import { SMS_COMMANDS } from './families/sms-commands';
import { WIFI_COMMANDS } from './families/wifi-commands';

/**
 * Every documented v1 command of board-protocol §3.2, in the order of that section. The v137 commands
 * of §3.3 are [3P] only and are not in the table: they go through as positional pass-through.
 * Frozen so that a caller walking the table cannot change validation for everyone else.
 */
export const COMMAND_TABLE: readonly CommandSpec[] = deepFreeze([
  ...DEVICE_COMMANDS, ...WIFI_COMMANDS, ...SIM_COMMANDS, ...SMS_COMMANDS, ...CALL_COMMANDS,
]);

const BY_NAME: ReadonlyMap<string, CommandSpec> = new Map(COMMAND_TABLE.map((spec) => [spec.name, spec]));

/** Names of every documented command, in §3.2 order. */
export function commandNames(): string[] {
  return COMMAND_TABLE.map((spec) => spec.name);
}

/**
 * The spec of a documented command, or `undefined`. Matching ignores case: the vendor's own page title
 * spells `dailyOTA` while the wire name is `dailyota`.
 */
export function getCommandSpec(name: string): CommandSpec | undefined {
  return typeof name === 'string' ? BY_NAME.get(name.toLowerCase()) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
