/** Label value for whatever is past a BoundedLabel's limit. */
export const OTHER_LABEL = '(other)';

/**
 * Keeps a label's distinct values bounded, whoever supplies them: the first `limit` values are
 * kept as they are (clipped to 64 characters), later new ones become `(other)`. Callers still pass
 * only values from a bounded set (source slugs, queue names); this is the backstop.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 200) {}

  of(value: string): string {
    const clipped = value.length > 64 ? value.slice(0, 64) : value;
    if (this.seen.has(clipped)) return clipped;
    if (this.seen.size >= this.limit) return OTHER_LABEL;
    this.seen.add(clipped);
    return clipped;
  }
}
