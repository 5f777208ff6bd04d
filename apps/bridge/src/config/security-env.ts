import { z } from 'zod';

const count = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/**
 * Hardening settings (issue 6, docs/security-boards.md), spread into the env schema. The defaults are far
 * above what a 10 000-board fleet needs even behind one load balancer address, so they never refuse a
 * healthy fleet; tighten them when boards reach the bridge directly.
 */
export const securityEnv = {
  /** Open TCP sockets (sessions and sockets still in the handshake) this instance accepts in total. */
  TCP_MAX_SESSIONS: count(50_000),
  /** Open TCP sockets per source address; behind a TCP load balancer every board has its address. */
  TCP_MAX_SESSIONS_PER_ADDRESS: count(20_000),
  /** Frames per second a session may send on average; above it the socket is paused (nothing is dropped). */
  TCP_MAX_FRAMES_PER_SEC: count(100),
  /** Frames a session may send at once above the rate (a board replays its queue after an outage, §1.4). */
  TCP_FRAME_BURST: count(1_000),
  /** A session kept over its frame rate for this long is closed (`flood`). */
  TCP_THROTTLE_CLOSE_SEC: count(60),
  /** Cap on the silence of an identified TCP session; 0: only the liveness deadline (3 × ping + slack). */
  TCP_IDLE_TIMEOUT_SEC: count(0, 0),
  /** HTTP requests per second per source address (uploads and the API, not health or metrics); 0: off. */
  HTTP_RATE_PER_SEC: count(1_000, 0),
  /** Requests a source may send at once above that rate before it is answered 429. */
  HTTP_RATE_BURST: count(20_000),
  /**
   * Encrypted messages whose own time (msgTs, smsTm/smsTs, call times; board-protocol §4.5, §5.2) is older
   * than this are dropped as replays; 0: off. A board's queue replayed after a longer outage is dropped too.
   */
  FRESHNESS_WINDOW_SEC: count(86_400, 0),
  /** Read-only bearer token of the HTTP API: GET only, phone numbers and SMS text masked. */
  API_READONLY_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
};
