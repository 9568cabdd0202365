/**
 * Whether an event pattern (a parsed rule's `pattern`) covers a normalised event type such as
 * `github.pull_request.opened`. Case-insensitive. `*` is exactly one segment, `**` any number of
 * segments including none: `github.**` covers `github` itself. The parser only allows `**` last,
 * but any position works here, so hand-built patterns cannot be half-matched.
 */
export function matchesPattern(pattern: readonly string[], eventType: string): boolean {
  const segments = eventType.toLowerCase().split('.');
  // Classic wildcard matching with one backtrack point: the last `**` seen and where it started.
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < segments.length) {
    const part = pattern[p]?.toLowerCase();
    if (part === '**') {
      starP = p++;
      starS = s;
    } else if (part !== undefined && (part === '*' || part === segments[s])) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (pattern[p] === '**') p++;
  return p === pattern.length;
}
