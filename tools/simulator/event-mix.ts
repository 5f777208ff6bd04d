/**
 * What a simulated board reports between pings (board-protocol §2.2): mostly SMS, some calls and SIM
 * changes. Pure: a seeded PRNG picks the next message, so a run can be repeated exactly.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to vary a load test, and seeded. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIM = { imsi: '46007337111234', iccId: '898607D3161990212345', msIsdn: '+8613206411822' };

/** One board message of the mix, numbered by `seq` so every message is distinct (no dedup collisions). */
export function nextEvent(devId: string, seq: number, rng: Rng, now: number): Record<string, unknown> {
  const slot = rng() < 0.5 ? 1 : 2;
  const roll = rng();
  if (roll < 0.7) {
    return { devId, type: 501, slot, ...SIM, phNum: '10086', smsBd: `simulated message ${seq}`, charset: 'utf8',
      smsTm: now, netCh: 0 };
  }
  if (roll < 0.9) {
    const start = Math.floor(now / 1000);
    return { devId, type: rng() < 0.5 ? 601 : 603, slot, ...SIM, phNum: `1380000${String(seq % 10_000).padStart(4, '0')}`,
      startTm: start, endTm: start + 30, netCh: 0 };
  }
  return { devId, type: 204, slot, ...SIM, dbm: Math.floor(rng() * 100), netCh: 0, msgTs: now + seq };
}

/** The online push that opens a session (board-protocol §2.3 100). */
export function onlineMessage(devId: string): Record<string, unknown> {
  return { devId, type: 100, ip: '192.168.7.170', ssid: 'simulated', dbm: 61, netCh: 0, hwVer: 'sim-1' };
}

/** Exponential back-off with full jitter for reconnects: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number, rng: Rng): number {
  const cap = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.floor(cap / 2 + rng() * (cap / 2));
}
