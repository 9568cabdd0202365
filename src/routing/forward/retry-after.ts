/**
 * When a `Retry-After` header (seconds, or an HTTP date) says to try again, no later than
 * `maxSeconds` from `now`; undefined when there is no usable header.
 */
export function retryAfter(header: string | undefined, maxSeconds: number, now = Date.now()): Date | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let at: number;
  if (/^\d+$/.test(value)) at = now + Number(value) * 1000;
  else {
    // An HTTP date names its weekday or month; anything else (a negative number) is not one.
    at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) return undefined;
  }
  return new Date(Math.min(Math.max(at, now), now + maxSeconds * 1000));
}
