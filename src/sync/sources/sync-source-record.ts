/** A row of `sync_sources` as the services read it. */
export interface SyncSourceRecord {
  slug: string;
  connector: string;
  resource: string;
  settings: Record<string, unknown>;
  credentialSealed: string | null;
  intervalSeconds: number;
  paused: boolean;
  listingId: string | null;
  listingCursor: Record<string, unknown> | null;
  listingSeen: number;
  lastCompleteCount: number | null;
  lastCompleteAt: Date | null;
  acceptShortListing: boolean;
  connectorState: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export const SOURCE_COLUMNS = `slug, connector, resource, settings, credentials_sealed AS "credentialSealed",
  interval_seconds AS "intervalSeconds", paused, listing_id AS "listingId", listing_cursor AS "listingCursor",
  listing_seen AS "listingSeen", last_complete_count AS "lastCompleteCount", last_complete_at AS "lastCompleteAt",
  accept_short_listing AS "acceptShortListing", connector_state AS "connectorState",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
