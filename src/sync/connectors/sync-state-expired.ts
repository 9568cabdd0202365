/**
 * Thrown by a connector when the API no longer accepts its stored state (Google Calendar's 410
 * Gone for a sync token, Gmail's 404 for a history id). The engine discards what the run read so
 * far and the stored state, and lists in full from the start: mark-and-sweep and the deletion
 * guard then apply to that full listing.
 */
export class SyncStateExpiredError extends Error {
  override readonly name = 'SyncStateExpiredError';
}
