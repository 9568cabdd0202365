/**
 * At most one emit per key per interval: the first change is emitted at once, any further ones
 * within the interval fold into a single emit at its end (which opens the next interval).
 */
export class Coalescer<K> {
  private readonly windows = new Map<K, { pending: boolean; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: K) => void,
  ) {}

  add(key: K): void {
    const window = this.windows.get(key);
    if (window) {
      window.pending = true;
      return;
    }
    this.emit(key);
    this.open(key);
  }

  stop(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }

  private open(key: K): void {
    const window = {
      pending: false,
      timer: setTimeout(() => {
        this.windows.delete(key);
        if (window.pending) {
          this.emit(key);
          this.open(key);
        }
      }, this.intervalMs),
    };
    window.timer.unref();
    this.windows.set(key, window);
  }
}
