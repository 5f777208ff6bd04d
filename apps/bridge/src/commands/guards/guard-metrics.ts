import { Counter, type Registry } from 'prom-client';

/**
 * The cost guards' counters, in the bridge's registry (BridgeMetrics.registry). Labels are bounded:
 * command names from the table, reasons and rules; never boards or numbers.
 */
export class GuardMetrics {
  readonly refusals: Counter<'cmd' | 'reason' | 'rule'>;
  readonly refunds: Counter<'cmd'>;
  readonly degraded: Counter;

  constructor(registry: Registry) {
    this.refusals = new Counter({ name: 'bridge_command_guard_refusals_total',
      help: 'Costly commands refused by the guards, by reason and rule (e.g. sim-day, board-minute, premium)',
      labelNames: ['cmd', 'reason', 'rule'], registers: [registry] });
    this.refunds = new Counter({ name: 'bridge_command_guard_refunds_total',
      help: 'Costly commands that never reached their board and were given back to the budgets',
      labelNames: ['cmd'], registers: [registry] });
    this.degraded = new Counter({ name: 'bridge_command_guard_local_fallback_total',
      help: 'Costly commands counted in local memory because Redis was unreachable', registers: [registry] });
  }
}
