import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { InboxWriter } from '../../webhooks/inbox/inbox-writer';
import type { ListedResource } from '../connectors/sync-connector';
import type { RunCounts } from '../runs/sync-runs';
import { canonicalJson, hashOfCanonical } from './canonical-hash';
import { SyncRunError } from './sync-run-error';
import { ChangedResource, DeletedResource, SyncState } from './sync-state';
import { SyncAction, syncEventRow } from './sync-events';

export interface PreparedResource {
  externalId: string;
  hash: string;
  payload: unknown;
  title?: string;
  /** The API listed it as gone (SyncConnector's `deleted`). */
  deleted: boolean;
}

/** Where the page's changes go: the run's transaction, source, listing and counts. */
export interface PageTarget {
  db: QueryRunner;
  source: string;
  connector: string;
  resource: string;
  listing: string;
  runId: string;
  pageNumber: number;
  counts: RunCounts;
}

const MAX_ID_LENGTH = 400;

const excerpt = (payload: unknown) => {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

function externalIdOf(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_LENGTH) return id;
  return undefined;
}

/**
 * Checks a page's resources (a usable id, at most SYNC_MAX_ITEM_BYTES) and hashes them. Any
 * resource refused fails the whole run: a listing with holes cannot say what was deleted.
 */
export function prepareResources(
  resources: ListedResource[],
  volatile: readonly string[],
  maxItemBytes: number,
  pageNumber: number,
): PreparedResource[] {
  const prepared: PreparedResource[] = [];
  const ids = new Set<string>();
  resources.forEach((resource, index) => {
    const where = `resource ${index + 1} of page ${pageNumber}`;
    if (resource.payload === null || typeof resource.payload !== 'object' || Array.isArray(resource.payload)) {
      throw new SyncRunError(`${where} is not a JSON object: ${excerpt(resource.payload)}`, 1);
    }
    const externalId = externalIdOf(resource.id);
    if (externalId === undefined) {
      throw new SyncRunError(
        `${where} has no usable id (a non-empty string or a number): ${excerpt(resource.payload)}`,
        1,
      );
    }
    const canonical = canonicalJson(resource.payload, volatile);
    const bytes = Buffer.byteLength(canonical);
    if (bytes > maxItemBytes) {
      throw new SyncRunError(
        `${where} (id ${externalId}) is ${bytes} bytes, more than SYNC_MAX_ITEM_BYTES (${maxItemBytes})`,
        1,
      );
    }
    // The same id twice on one page: the first one stands.
    if (ids.has(externalId)) return;
    ids.add(externalId);
    prepared.push({
      externalId,
      hash: hashOfCanonical(canonical),
      payload: resource.payload,
      title: resource.title,
      deleted: resource.deleted === true,
    });
  });
  return prepared;
}

/** A deleted resource's event payload: what the API said of it, marked deleted like a swept one. */
const deletedPayload = (externalId: string, payload: unknown) => ({
  ...(payload as Record<string, unknown>),
  id: externalId,
  deleted: true,
});

/**
 * One page into the run's transaction: new and changed resources become events in the inbox and
 * their new hash in `sync_state`, unchanged ones are only marked as seen by this listing, and
 * resources the API lists as deleted get their tombstone and a `deleted` event when they were alive.
 */
@Injectable()
export class PageApplier {
  constructor(
    private readonly state: SyncState,
    private readonly inbox: InboxWriter,
  ) {}

  /** Returns how many live resources of the page this listing had not seen before. */
  async apply(target: PageTarget, resources: PreparedResource[]): Promise<number> {
    const { db, source, resource, listing, counts } = target;
    const known = await this.state.known(
      db,
      source,
      resource,
      resources.map((r) => r.externalId),
      listing,
    );
    const repeated = resources.filter((r) => known.get(r.externalId)?.seenInListing).length;
    if (resources.length > 0 && repeated === resources.length) {
      throw new SyncRunError(
        `page ${target.pageNumber} only repeats resources this listing already had (a page that repeats, or paging that does not advance)`,
      );
    }
    const changed: ChangedResource[] = [];
    const unchanged: string[] = [];
    const gone: DeletedResource[] = [];
    const events: { resource: PreparedResource; version: number; action: SyncAction; unknown: boolean }[] = [];
    for (const item of resources) {
      const before = known.get(item.externalId);
      if (item.deleted) {
        // Deleted before, or never known: nothing to say.
        if (!before || before.deleted) continue;
        const version = before.version + 1;
        counts.deleted++;
        gone.push({ externalId: item.externalId, version });
        const payload = deletedPayload(item.externalId, item.payload);
        events.push({ resource: { ...item, hash: 'deleted', payload }, version, action: 'deleted', unknown: false });
        continue;
      }
      if (before && !before.deleted && before.hash === item.hash) {
        unchanged.push(item.externalId);
        counts.unchanged++;
        continue;
      }
      const version = (before?.version ?? 0) + 1;
      const action: SyncAction = !before || before.deleted ? 'created' : 'updated';
      counts[action]++;
      changed.push({ externalId: item.externalId, hash: item.hash, version });
      events.push({ resource: item, version, action, unknown: !before });
    }
    counts.seen += resources.length;
    await this.state.saveChanged(db, source, resource, listing, changed);
    await this.state.markSeen(db, source, resource, listing, unchanged);
    await this.state.tombstone(db, source, resource, listing, gone);
    const now = new Date();
    await this.inbox.writeInTransaction(
      db,
      events.map(({ resource: item, version, action, unknown }) =>
        syncEventRow(
          {
            source,
            connector: target.connector,
            resource,
            externalId: item.externalId,
            version,
            hash: item.hash,
            action,
            payload: item.payload,
            title: item.title,
            runId: target.runId,
            ...(unknown ? { firstListing: listing } : {}),
          },
          now,
        ),
      ),
    );
    return resources.filter((r) => !r.deleted && !known.get(r.externalId)?.seenInListing).length;
  }
}
