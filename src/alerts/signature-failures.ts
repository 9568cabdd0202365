import { Injectable } from '@nestjs/common';

const WINDOW_MINUTES = 5;
/** Sources tracked at most (sources are made by admins; this bounds the worst case). */
const MAX_SOURCES = 1000;

/**
 * Deliveries refused for their signature, per configured source, over the last five minutes, in
 * this api process (minute buckets). The ops alert monitor reads the sources past the threshold.
 */
@Injectable()
export class SignatureFailures {
  private readonly counts = new Map<string, { minute: number; count: number }[]>();

  record(source: string, at = Date.now()): void {
    const minute = Math.floor(at / 60_000);
    let buckets = this.counts.get(source);
    if (!buckets) {
      if (this.counts.size >= MAX_SOURCES) return;
      this.counts.set(source, (buckets = []));
    }
    const last = buckets[buckets.length - 1];
    if (last?.minute === minute) last.count++;
    else buckets.push({ minute, count: 1 });
    while (buckets.length > 0 && buckets[0]!.minute <= minute - WINDOW_MINUTES) buckets.shift();
  }

  /** Each source's refusals within the last five minutes, for those with any. */
  recent(at = Date.now()): { source: string; count: number }[] {
    const from = Math.floor(at / 60_000) - WINDOW_MINUTES;
    const found: { source: string; count: number }[] = [];
    for (const [source, buckets] of this.counts) {
      const count = buckets.filter((b) => b.minute > from).reduce((n, b) => n + b.count, 0);
      if (count > 0) found.push({ source, count });
      else this.counts.delete(source);
    }
    return found;
  }
}
