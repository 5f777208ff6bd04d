import { readFileSync } from 'node:fs';

/** Linux USER_HZ: /proc times are in 1/100 s on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process in ms, from /proc (null when unreadable, e.g. it exited). */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident set size of a process in KiB (VmRSS), or null. */
export function rssKiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Open file descriptors of this process's limit (`ulimit -n`), from /proc/self/limits; null if unknown. */
export function fdLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * CPU of named processes over a window, in % of one core (200 = both cores of a 2-vCPU machine): shows
 * which process was the bottleneck of a run.
 */
export class CpuWindow {
  private readonly t0 = performance.now();
  private readonly start: Record<string, number | null>;

  constructor(private readonly pids: Record<string, number | undefined>) {
    this.start = this.sample();
  }

  finish(): Record<string, number | null> {
    const wall = performance.now() - this.t0;
    const end = this.sample();
    return Object.fromEntries(Object.keys(end).map((name) => {
      const [a, b] = [this.start[name], end[name]];
      return [name, a === null || b === null || wall <= 0 ? null : Math.round(((b - a) / wall) * 1000) / 10];
    }));
  }

  private sample(): Record<string, number | null> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, cpuMs(pid)]));
  }
}
