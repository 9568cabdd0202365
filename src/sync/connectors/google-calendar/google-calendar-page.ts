/** One page of events.list as Calendar v3 answers it. */
export interface CalendarEventsPage {
  items: CalendarEvent[];
  nextPageToken?: string;
  /** Only on the last page. */
  nextSyncToken?: string;
}

export interface CalendarEvent {
  id: string;
  status?: string;
  summary?: string;
  start?: { dateTime?: string; date?: string };
  [field: string]: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const token = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`Google Calendar answered an empty ${name}`);
  return value;
};

/** Reads `{items, nextPageToken, nextSyncToken}`; an answer of another shape throws with what is wrong. */
export function readEventsPage(body: unknown): CalendarEventsPage {
  if (!isObject(body) || !Array.isArray(body.items)) {
    throw new Error('Google Calendar answered something that is not a list of events (no items)');
  }
  return {
    items: body.items as CalendarEvent[],
    nextPageToken: token(body.nextPageToken, 'nextPageToken'),
    nextSyncToken: token(body.nextSyncToken, 'nextSyncToken'),
  };
}

/** "Team sync (2026-03-02T10:00:00+01:00)", or whichever of those the event has. */
export function eventTitle(event: CalendarEvent): string | undefined {
  const summary = typeof event?.summary === 'string' ? event.summary.trim() : '';
  const start = isObject(event?.start) ? (event.start.dateTime ?? event.start.date) : undefined;
  const when = typeof start === 'string' ? start : '';
  if (summary && when) return `${summary} (${when})`;
  return summary || undefined;
}
