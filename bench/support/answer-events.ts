/** What one 2xx answer of the ingest route says was stored. */
export interface AnsweredEvents {
  /** Ids of the events stored by this delivery (none when it was a duplicate). */
  ids: string[];
  duplicate: boolean;
}

const isId = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Reads an ingest answer: `{eventId}` for one event, `{eventIds: [...]}` or
 * `{events: [{eventId, duplicate}]}` for a batch, `duplicate: true` when nothing new was stored.
 * Returns undefined for a body that says none of these, so an unexpected answer is counted as a
 * problem instead of as some number of events.
 */
export function answeredEvents(body: string): AnsweredEvents | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { eventId, eventIds, events, duplicate } = answer as Record<string, unknown>;
  const allDuplicate = duplicate === true;
  if (isId(eventId)) return { ids: allDuplicate ? [] : [eventId], duplicate: allDuplicate };
  if (Array.isArray(eventIds) && eventIds.every(isId)) {
    return { ids: allDuplicate ? [] : eventIds, duplicate: allDuplicate };
  }
  if (Array.isArray(events)) {
    const stored = events as { eventId?: unknown; duplicate?: unknown }[];
    if (!stored.every((e) => typeof e === 'object' && e !== null && isId(e.eventId))) return undefined;
    return { ids: stored.filter((e) => e.duplicate !== true).map((e) => e.eventId as string), duplicate: allDuplicate };
  }
  return undefined;
}
