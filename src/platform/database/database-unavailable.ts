/** SQLSTATE classes that mean the database cannot serve right now, not that the statement was wrong. */
const UNAVAILABLE_CLASSES = ['08', '53', '57'];
/** Socket errors from node-postgres before any SQLSTATE. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * Whether an error says the database is down, unreachable, overloaded or shutting down (retry
 * later), as opposed to refusing a statement (a bug or bad data).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_CLASSES.includes(code.slice(0, 2));
    if (NETWORK_CODES.has(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      message,
    )
  );
}

/** SQLSTATE class 22 (data exception): Postgres refused a value, not the database failing. */
export const isDataException = (error: unknown): boolean =>
  typeof (error as { code?: unknown } | null)?.code === 'string' && (error as { code: string }).code.startsWith('22');
