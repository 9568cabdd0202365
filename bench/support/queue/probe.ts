import { performance } from 'node:perf_hooks';

export interface BenchJob {
  round: string;
  seq: number;
}

/** Counts handler starts, and tells a waiting latency sample when its job's handler began. */
export class Probe {
  handled = 0;
  private readonly waiters = new Map<number, (at: number) => void>();

  started(data: BenchJob): void {
    const at = performance.now();
    this.handled++;
    if (data.round === 'latency') this.waiters.get(data.seq)?.(at);
  }

  /** When the handler of latency sample `seq` starts (undefined after timeoutMs). */
  startOf(seq: number, timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(seq, (at) => {
        clearTimeout(timer);
        this.waiters.delete(seq);
        resolve(at);
      });
    });
  }
}

/** One per bench process: both systems' handlers report here. */
export const probe = new Probe();
