export const FIVE_MINUTES_MS = 5 * 60_000;

/**
 * Why a signed timestamp is refused (more than `toleranceMs` before or after the delivery was
 * received), or undefined when it is within the window. The reason starts "stale timestamp".
 */
export function staleTimestampReason(
  headerName: string,
  signedAtMs: number,
  receivedAt: Date,
  toleranceMs = FIVE_MINUTES_MS,
): string | undefined {
  const age = receivedAt.getTime() - signedAtMs;
  if (Math.abs(age) <= toleranceMs) return undefined;
  const seconds = Math.round(Math.abs(age) / 1000);
  const where = age > 0 ? 'old' : 'in the future';
  return `stale timestamp: ${headerName} is ${seconds} s ${where}; at most ${toleranceMs / 1000} s is accepted`;
}
