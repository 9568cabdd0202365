/** A slot to release when the stream ends, or why there is none. */
export type SlotTaken = { release: () => void } | { refused: string };

/**
 * Counts open live streams per session and in all (one api process), so one browser (or a script
 * with a stolen cookie) cannot hold every connection the server has. Releasing is idempotent.
 */
export class StreamSlots {
  private total = 0;
  private readonly bySession = new Map<string, number>();

  constructor(private readonly limits: { perSession: number; total: number }) {}

  take(sessionId: string): SlotTaken {
    const mine = this.bySession.get(sessionId) ?? 0;
    if (mine >= this.limits.perSession) {
      return {
        refused: `Too many live streams: this session already has ${mine} open (at most ${this.limits.perSession}); close a dashboard tab`,
      };
    }
    if (this.total >= this.limits.total) {
      return { refused: `Too many live streams: the server has ${this.total} open, its limit; try again shortly` };
    }
    this.total += 1;
    this.bySession.set(sessionId, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.bySession.get(sessionId) ?? 1) - 1;
        if (left > 0) this.bySession.set(sessionId, left);
        else this.bySession.delete(sessionId);
      },
    };
  }

  get open(): number {
    return this.total;
  }
}
