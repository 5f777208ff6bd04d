/**
 * A first-in first-out queue whose shift() is O(1). The publication spool holds up to SPOOL_MAX_MESSAGES
 * items (and more while board frames already read overflow it), and `Array#shift` on an array that long
 * moves the whole backing store on every call: in `npm run bench:uplink-tcp` that one line was ~29 % of the
 * bridge's CPU (docs/performance.md). Taken items are cleared, and the array is compacted once more than
 * half of it is taken, so memory stays proportional to what is queued.
 */
export class FifoQueue<T> implements Iterable<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts items back at the front, in the given order (rare: a broker went away mid-flight). */
  unshift(...front: T[]): void {
    this.items = [...front, ...this.items.slice(this.head)];
    this.head = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.head; i < this.items.length; i += 1) yield this.items[i] as T;
  }
}
