import type { CrmFieldNames } from '../../platform/config/crm-config';
import type { EspoClient } from '../crm/espo-client';
import { EspoRequestError } from '../crm/espo-error';
import { contactAttributes, mapContact } from '../mapping/map-contact';
import type { MappedPerson } from '../mapping/mapped-person';
import type { PeopleStore } from '../store/people-store';
import type { SyncCounts } from '../store/sync-runs';

export interface FullSyncOptions {
  signal?: AbortSignal;
  /** Called after each page and after the missing check. */
  onProgress?: (counts: SyncCounts) => void;
}

/** Contacts re-read at once when confirming who is gone. */
const CONFIRM_CONCURRENCY = 4;

/**
 * One full pass over EspoCRM's contacts into the people table.
 * - Pages are ordered by `createdAt` (EspoCRM breaks ties by id), so contacts created during the run
 *   come last instead of shifting the pages already read; a contact seen twice is counted once.
 * - Each page is mapped and stored (while the next page is fetched); rows whose hash did not change
 *   are not written.
 * - A page that fails (after the client's retries) fails the whole run: nobody is marked missing.
 * - Only after the last page: active people not seen are candidates for `missing_in_crm`. A contact
 *   deleted during the run shifts later pages by one, so a candidate may exist and merely have been
 *   skipped: each candidate is re-read, and only a 404 marks it missing (one that exists is stored).
 */
export class FullSync {
  constructor(
    private readonly espo: EspoClient,
    private readonly store: PeopleStore,
    private readonly fields: CrmFieldNames,
    private readonly pageSize: number,
  ) {}

  async run({ signal, onProgress }: FullSyncOptions = {}): Promise<SyncCounts> {
    const counts: SyncCounts = { crmTotal: null, seen: 0, created: 0, changed: 0, unchanged: 0, missing: 0, failed: 0 };
    const seen = new Set<string>();
    const select = contactAttributes(this.fields);
    const fetchPage = (offset: number) =>
      this.espo.list('Contact', { offset, maxSize: this.pageSize, select, orderBy: 'createdAt', order: 'asc' }, signal);
    let pending = fetchPage(0);
    for (let offset = 0; ; ) {
      signal?.throwIfAborted();
      const page = await pending;
      counts.crmTotal ??= page.total;
      offset += page.list.length;
      const more = page.list.length >= this.pageSize;
      // The next page is asked for while this one is stored (a failure surfaces when it is awaited).
      if (more) {
        pending = fetchPage(offset);
        pending.catch(() => undefined);
      }
      const people: MappedPerson[] = [];
      for (const contact of page.list) {
        if (typeof contact.id !== 'string' || contact.id === '') {
          counts.failed++;
          continue;
        }
        if (seen.has(contact.id)) continue;
        seen.add(contact.id);
        people.push(mapContact(contact, this.fields));
      }
      this.add(counts, await this.store.store(people));
      counts.seen = seen.size;
      onProgress?.(counts);
      if (!more) break;
    }
    await this.confirmMissing([...seen], counts, signal);
    onProgress?.(counts);
    return counts;
  }

  private async confirmMissing(seenIds: string[], counts: SyncCounts, signal?: AbortSignal): Promise<void> {
    const candidates = await this.store.activeNotIn(seenIds);
    const gone: string[] = [];
    const queue = [...candidates];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const contact = await this.espo.readIfExists('Contact', id, signal);
          if (!contact) {
            gone.push(id);
            continue;
          }
          counts.seen++;
          this.add(counts, await this.store.store([mapContact(contact, this.fields)]));
        } catch (error) {
          // Not a 404: whether it exists is unknown, so it stays as it is.
          if (!(error instanceof EspoRequestError)) throw error;
          counts.failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONFIRM_CONCURRENCY, candidates.length) }, worker));
    counts.missing = await this.store.markMissing(gone);
  }

  private add(counts: SyncCounts, outcome: { created: number; changed: number; unchanged: number }): void {
    counts.created += outcome.created;
    counts.changed += outcome.changed;
    counts.unchanged += outcome.unchanged;
  }
}
