import { Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';

/** What the state says of one resource before this page. */
export interface KnownResource {
  externalId: string;
  hash: string;
  version: number;
  deleted: boolean;
  seenInListing: boolean;
}

export interface ChangedResource {
  externalId: string;
  hash: string;
  version: number;
}

export interface DeletedResource {
  externalId: string;
  version: number;
}

/**
 * `sync_state`: per source, resource type and external id, the hash of the resource as last
 * listed, how many changes were stored (`version`), first seen, last changed, a tombstone when it
 * disappeared, the listing that last saw it (mark and sweep) and an optional mapping to a record
 * elsewhere. Every statement runs in the caller's transaction (the run's).
 */
@Injectable()
export class SyncState {
  async known(db: QueryRunner, source: string, resource: string, ids: string[], listing: string) {
    const rows: { external_id: string; hash: string; version: number; deleted: boolean; seen: boolean }[] =
      await db.query(
        `SELECT external_id, hash, version, deleted_at IS NOT NULL AS deleted, seen_listing = $4 AS seen
         FROM sync_state WHERE source = $1 AND resource = $2 AND external_id = ANY($3::text[])`,
        [source, resource, ids, listing],
      );
    return new Map<string, KnownResource>(
      rows.map((r) => [
        r.external_id,
        {
          externalId: r.external_id,
          hash: r.hash,
          version: r.version,
          deleted: r.deleted,
          seenInListing: r.seen === true,
        },
      ]),
    );
  }

  /** New and changed resources: their hash and version, alive, seen by this listing. */
  async saveChanged(db: QueryRunner, source: string, resource: string, listing: string, changed: ChangedResource[]) {
    if (changed.length === 0) return;
    await db.query(
      `INSERT INTO sync_state (source, resource, external_id, hash, version, seen_listing)
       SELECT $1, $2, t.id, t.hash, t.version, $3 FROM json_to_recordset($4::json) AS t(id text, hash text, version int)
       ON CONFLICT (source, resource, external_id) DO UPDATE
         SET hash = EXCLUDED.hash, version = EXCLUDED.version, last_changed_at = now(), deleted_at = NULL,
             seen_listing = EXCLUDED.seen_listing`,
      [
        source,
        resource,
        listing,
        JSON.stringify(changed.map((c) => ({ id: c.externalId, hash: c.hash, version: c.version }))),
      ],
    );
  }

  /** Unchanged resources: only marked as seen by this listing (no event, nothing else written). */
  async markSeen(db: QueryRunner, source: string, resource: string, listing: string, ids: string[]) {
    if (ids.length === 0) return;
    await db.query(
      `UPDATE sync_state SET seen_listing = $3
        WHERE source = $1 AND resource = $2 AND external_id = ANY($4::text[]) AND seen_listing IS DISTINCT FROM $3`,
      [source, resource, listing, ids],
    );
  }

  /** Resources the API listed as deleted: their tombstone, at the version of their `deleted` event. */
  async tombstone(db: QueryRunner, source: string, resource: string, listing: string, gone: DeletedResource[]) {
    if (gone.length === 0) return;
    await db.query(
      `UPDATE sync_state s SET deleted_at = now(), last_changed_at = now(), version = t.version, seen_listing = $3
         FROM json_to_recordset($4::json) AS t(id text, version int)
        WHERE s.source = $1 AND s.resource = $2 AND s.external_id = t.id`,
      [source, resource, listing, JSON.stringify(gone.map((g) => ({ id: g.externalId, version: g.version })))],
    );
  }

  /** Live resources of this type: what an incremental listing leaves the source holding. */
  async liveCount(db: QueryRunner, source: string, resource: string): Promise<number> {
    const [row]: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM sync_state WHERE source = $1 AND resource = $2 AND deleted_at IS NULL`,
      [source, resource],
    );
    return row?.count ?? 0;
  }

  /** How many live resources this listing did not see: what a sweep would delete. */
  async unseenCount(db: QueryRunner, source: string, resource: string, listing: string): Promise<number> {
    const [row]: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM sync_state
        WHERE source = $1 AND resource = $2 AND deleted_at IS NULL AND seen_listing IS DISTINCT FROM $3`,
      [source, resource, listing],
    );
    return row?.count ?? 0;
  }

  /** The sweep after a complete listing: every live resource it did not see gets its tombstone. */
  async sweep(db: QueryRunner, source: string, resource: string, listing: string): Promise<DeletedResource[]> {
    const [rows]: [{ external_id: string; version: number }[], number] = await db.query(
      `UPDATE sync_state SET deleted_at = now(), last_changed_at = now(), version = version + 1
        WHERE source = $1 AND resource = $2 AND deleted_at IS NULL AND seen_listing IS DISTINCT FROM $3
        RETURNING external_id, version`,
      [source, resource, listing],
    );
    return rows.map((r) => ({ externalId: r.external_id, version: r.version }));
  }

  /**
   * Deletes tombstones older than `before`, a thousand at a time. A resource listed again after its
   * tombstone went is simply new (a `created` event of its own, see PageApplier). The age is checked
   * again on the row itself, so a tombstone a running sync brings back to life in between stays.
   */
  async pruneTombstones(dataSource: DataSource, before: Date, signal?: AbortSignal): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count] = await dataSource.query<[unknown, number]>(
        `DELETE FROM sync_state WHERE deleted_at < $1 AND ctid IN (
           SELECT ctid FROM sync_state WHERE deleted_at < $1 LIMIT 1000)`,
        [before],
      );
      deleted += count;
      if (count < 1000 || signal?.aborted) return deleted;
    }
  }
}
