import type { CommandSpec } from '../command-spec';
import { NO_REPORTS, slot, text } from '../param-builders';

/**
 * board-protocol §3.2 "SIM / slot". Forwarding goes through the operator network and "takes seconds to
 * tens of seconds" (§2.3 701/702/703), hence a 90 s report timeout. Restarting or powering off a slot
 * is an immediate intervention (callers hear "switched off"), so it is not queued (TTL 0); forwarding
 * is a stored setting (TTL 300 s); the query answer is only useful fresh (TTL 30 s).
 */

const FORWARDING_REPORT_TIMEOUT_SEC = 90;

const base = {
  family: 'sim', source: 'DOC', tid: 'optional', reply: true, replyData: false,
  reports: NO_REPORTS, reportTimeoutSec: null, defaultTtlSec: 0, costly: false,
} as const;

export const SIM_COMMANDS: readonly CommandSpec[] = [
  // 202/203/204 follow a slot restart, but they are ordinary SIM events, not a verdict on the command.
  { ...base, name: 'slotrst', summary: 'restart a SIM slot (about 60 s)', params: [slot()] },
  { ...base, name: 'slotoff', summary: 'power a SIM slot off until the next reboot', params: [slot()] },
  {
    ...base, name: 'simcfu', summary: 'set or cancel unconditional call forwarding',
    params: [
      slot(),
      // Empty or omitted = cancel (§3.2), so the empty string is valid here.
      text('target', 'forward-to number; empty or omitted cancels forwarding', [0, 32],
        { optional: true, pattern: '^(\\+?[0-9]{1,31})?$' }),
    ],
    reports: { completes: [701], fails: [702] },
    reportTimeoutSec: FORWARDING_REPORT_TIMEOUT_SEC, defaultTtlSec: 300,
  },
  {
    ...base, name: 'asksimcfu', summary: 'query unconditional call forwarding (result in 703)',
    params: [slot()],
    // No failure push is documented for the query; a missing 703 fails by timeout.
    reports: { completes: [703], fails: [] },
    reportTimeoutSec: FORWARDING_REPORT_TIMEOUT_SEC, defaultTtlSec: 30,
  },
];
