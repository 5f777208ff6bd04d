/**
 * board tids (board-protocol §3.1: "a timestamp / unique id"). Decimal digits like the vendor's examples,
 * since firmware tolerance for other characters is untested. Unique per board because only the one
 * instance holding a board's session writes to it (bridge-contract §4), and this counter never repeats
 * within an instance: milliseconds × 1000 + a wrapping sequence, bumped past the last value handed out.
 */
export class TidSource {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    const candidate = this.now() * 1000;
    this.last = candidate > this.last ? candidate : this.last + 1;
    return String(this.last);
  }
}
