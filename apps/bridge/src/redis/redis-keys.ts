/**
 * Every Redis key and channel of the shared state (bridge-contract §1), named in this one place. Lua
 * scripts that must derive a key from data (a previous owner's board set, a board's queue) receive the
 * prefixes below as arguments, so no name is spelt twice.
 *
 * All keys start with REDIS_KEY_PREFIX. With Redis Cluster the prefix is wrapped in a hash tag
 * (`{bb:}owner:…`): the scripts touch keys of several boards and instances at once, which Cluster allows
 * only within one slot. Dedup keys are single-key operations and keep the plain prefix, so they spread.
 */
export class RedisKeys {
  /** Start of every multi-key-script key. */
  private readonly base: string;

  constructor(readonly prefix: string, cluster = false) {
    this.base = cluster ? `{${prefix}}` : prefix;
  }

  /** String counter, never expires: the fencing epoch must only grow (bridge-contract §4 "at most once"). */
  epoch(board: string): string {
    return `${this.base}epoch:${board}`;
  }

  /** JSON {instance, epoch, since} with a lease (PX) renewed on pings. */
  get ownerPrefix(): string {
    return `${this.base}owner:`;
  }

  owner(board: string): string {
    return this.ownerPrefix + board;
  }

  /** Set of the boards an instance owns, so a survivor can find them when it dies. */
  get boardsPrefix(): string {
    return `${this.base}boards:`;
  }

  boards(instance: string): string {
    return this.boardsPrefix + instance;
  }

  /** Sorted set instance → heartbeat deadline (ms, Redis clock). */
  get instances(): string {
    return `${this.base}instances`;
  }

  /** Pub/sub channel of one instance; channels are not keys, so no hash tag. */
  get channelPrefix(): string {
    return `${this.prefix}inst:`;
  }

  channel(instance: string): string {
    return this.channelPrefix + instance;
  }

  /** List of queue entry ids of one board, oldest first. */
  get queuePrefix(): string {
    return `${this.base}cmdq:`;
  }

  queue(board: string): string {
    return this.queuePrefix + board;
  }

  /** Hash entry id → QueuedCommand JSON. */
  get items(): string {
    return `${this.base}cmd:items`;
  }

  /** Sorted set entry id → deadline (epoch ms). */
  get deadlines(): string {
    return `${this.base}cmd:deadlines`;
  }

  /** Counter for queue entry ids (`<seq>:<board>`), so a reused requestId never collides. */
  get sequence(): string {
    return `${this.base}cmd:seq`;
  }

  dedup(eventId: string): string {
    return `${this.prefix}dedup:${eventId}`;
  }
}
