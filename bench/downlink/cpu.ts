import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuMs } from '../common/proc';

/** Linux USER_HZ: /proc times are in 1/100 s on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;


/** Busy time of the whole machine (all cores) in ms, from /proc/stat (null when unreadable). */
function machineBusyMs(): number | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy
    const busy = ticks.slice(0, 8).reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
    return (busy * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export type CpuShares = Record<string, number | null>;

/**
 * CPU used by each named process over a window, in % of one core (200 = both cores of a 2-vCPU VM).
 * `bench` is this process: publisher, simulated boards and baseline subscriber; `others` is whatever else
 * kept the machine busy meanwhile (other jobs on a shared machine make the timings meaningless).
 */
export class CpuWindow {
  private readonly startMs = performance.now();
  private readonly start: Record<string, number | null>;

  constructor(private readonly pids: Record<string, number | undefined>) {
    this.start = this.sample();
  }

  finish(): CpuShares {
    const wallMs = performance.now() - this.startMs;
    const end = this.sample();
    const shares: CpuShares = Object.fromEntries(Object.keys(end).map((name) => {
      const [a, b] = [this.start[name], end[name]];
      return [name, a === null || b === null ? null : Math.round(((b - a) / wallMs) * 1000) / 10];
    }));
    const { machine, ...own } = shares;
    const ours = Object.values(own).reduce<number>((sum, v) => sum + (v ?? 0), 0);
    return { ...own, others: machine === null ? null : Math.max(0, Math.round((machine - ours) * 10) / 10) };
  }

  private sample(): Record<string, number | null> {
    const own = process.cpuUsage();
    const out: Record<string, number | null> = { bench: (own.user + own.system) / 1000, machine: machineBusyMs() };
    for (const [name, pid] of Object.entries(this.pids)) out[name] = pid === undefined ? null : cpuMs(pid);
    return out;
  }
}
