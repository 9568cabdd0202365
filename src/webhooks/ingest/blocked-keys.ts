/**
 * Keys refused until a time, in memory, at most `capacity` of them: when full, expired keys go
 * first, then the oldest. Forgetting a block early only costs one more counted refusal, which
 * blocks the key again.
 */
export class BlockedKeys {
  private readonly until = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  block(key: string, untilMs: number): void {
    this.until.delete(key);
    if (this.until.size >= this.capacity) this.evict(Date.now());
    this.until.set(key, untilMs);
  }

  /** Milliseconds the key stays blocked; 0 when it is not. */
  remainingMs(key: string, now = Date.now()): number {
    const until = this.until.get(key);
    if (until === undefined) return 0;
    if (until > now) return until - now;
    this.until.delete(key);
    return 0;
  }

  get size(): number {
    return this.until.size;
  }

  private evict(now: number): void {
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
    while (this.until.size >= this.capacity) this.until.delete(this.until.keys().next().value!);
  }
}
