/** What a `datetime-local` input sends: a time without a zone, `2025-01-31T14:05` (seconds optional). */
const LOCAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/;

/**
 * Time filters are in UTC, as every time on the dashboard is: a zoneless time from a form field is
 * read as UTC; anything else goes to validation as it came.
 */
export function utcFromInput(value: string | undefined): string | undefined {
  if (value === undefined || !LOCAL_TIME.test(value)) return value;
  return `${value.length === 16 ? `${value}:00` : value}Z`;
}

/** The value a `datetime-local` input shows for an ISO time (its UTC minutes), or empty. */
export function inputFromUtc(value: string | undefined): string {
  const date = value === undefined ? undefined : new Date(value);
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 16) : '';
}

/** A query with its `from` and `to` read as UTC. */
export function withUtcTimes<T extends Record<string, string>>(raw: T): T {
  return { ...raw, from: utcFromInput(raw.from), to: utcFromInput(raw.to) };
}
