/**
 * Token buckets by key: `perSecond` tokens refill continuously up to `burst`. In memory, so each
 * api process enforces its own share; the answer says when to come back.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** 0 when allowed (and a token taken), else the seconds until a token is free. */
  take(key: string, perSecond: number, burst: number, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }
}
