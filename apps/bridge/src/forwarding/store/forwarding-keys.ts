/**
 * Redis keys of forwarding, all under REDIS_KEY_PREFIX + `fwd:`. With Redis Cluster the prefix is a
 * hash tag (`{bb:}fwd:…`), as in redis-keys.ts: one script touches a rule's cursor and all its lanes,
 * and a replay moves an entry from the dead-letter stream to a lane.
 */
export class ForwardingKeys {
  private readonly base: string;

  constructor(prefix: string, cluster = false) {
    this.base = `${cluster ? `{${prefix}}` : prefix}fwd:`;
  }

  /** Stream of a lane's forwards (consumer group GROUP). */
  lane(lane: string): string {
    return `${this.base}lane:${lane}`;
  }

  /** Which instance works on the lane (value: instance id, PX lease). */
  lease(lane: string): string {
    return `${this.base}lease:${lane}`;
  }

  /** Round-robin cursor of a rule (INCR). */
  cursor(rule: string): string {
    return `${this.base}rr:${rule}`;
  }

  /** Capped stream of dead letters. */
  get dead(): string {
    return `${this.base}dead`;
  }
}

/** The one consumer group every instance reads lanes through. */
export const GROUP = 'forwarders';
