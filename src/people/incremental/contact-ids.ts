const CRM_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** One delivery re-reads at most this many contacts; a full sync covers more. */
export const MAX_IDS_PER_EVENT = 1000;

/**
 * The contact ids an event names: `[{id}, …]` (the people-sync contract, one event per delivery
 * from a generic source) or `{id, …}` (an EspoCRM webhook element). Anything else names none.
 */
export function contactIds(payload: unknown): string[] {
  const items = Array.isArray(payload) ? payload : [payload];
  const ids = new Set<string>();
  for (const item of items) {
    const id = item && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
    if (typeof id === 'string' && CRM_ID.test(id)) ids.add(id);
    if (ids.size >= MAX_IDS_PER_EVENT) break;
  }
  return [...ids];
}
