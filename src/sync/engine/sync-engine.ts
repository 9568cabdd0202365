import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { AppConfig } from '../../platform/config/app-config';
import { PermanentJobError, RetryLaterError } from '../../platform/queue/queue-job';
import { GoogleAccessError } from '../../integrations/google/access/google-access-error';
import { GoogleAccessTokens } from '../../integrations/google/access/google-access-tokens';
import { InboxWriter } from '../../webhooks/inbox/inbox-writer';
import { syncConnectors } from '../connectors/connector-registry';
import type { ConnectorContext, ListedPage, PageCursor, SyncConnector } from '../connectors/sync-connector';
import { getJson, GetLimits } from '../http/guarded-get';
import { SyncFetchError } from '../http/sync-fetch-error';
import { noCounts, RunCounts, SyncRuns } from '../runs/sync-runs';
import type { SyncTrigger } from '../runs/sync-run.queue';
import { SyncCredentials } from '../sources/sync-credentials';
import { SOURCE_COLUMNS, SyncSourceRecord } from '../sources/sync-source-record';
import { deletionRefusal } from './deletion-guard';
import { PageApplier, prepareResources } from './page-applier';
import { SyncRunError } from './sync-run-error';
import { SyncRunReports } from '../runs/sync-run-reports';
import { SyncState } from './sync-state';
import { SyncStateExpiredError } from '../connectors/sync-state-expired';
import { syncEventRow } from './sync-events';

/** How a run's listing ended. */
interface ListingOutcome {
  /** It reached its last page (for an incremental listing: it is up to date). */
  listingComplete: boolean;
  deletionsRefused: string | null;
  intervalSeconds: number;
  /** It listed the changes since the stored state only (no sweep). */
  incremental: boolean;
  /** Why the stored state was discarded and the source listed in full, if it was. */
  stateDiscarded: string | null;
}

export type RunOutcome = { skipped: string } | ({ runId: string; counts: RunCounts } & ListingOutcome);

/** How often one page is asked again after a Retry-After the run waits out. */
const RATE_LIMIT_WAITS = 3;

export const DELETIONS_REFUSED_ALERT = 'sync.deletions_refused';
export const CREDENTIALS_REFUSED_ALERT = 'sync.credentials_refused';

/**
 * One run of a sync source: reads up to SYNC_MAX_PAGES_PER_RUN pages (and SYNC_RUN_MAX_SECONDS)
 * of its listing, all in one transaction with the events and state they produce, so a run that
 * fails applies nothing and the next one starts where the last successful one stopped. A listing
 * that reached its last page is complete: only then are resources it did not list deleted, unless
 * the deletion guard refuses. An incremental listing (changes since a stored sync token) never
 * sweeps: the connector reports deletions itself.
 */
@Injectable()
export class SyncEngine {
  private readonly logger = new Logger('Sync');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly state: SyncState,
    private readonly pages: PageApplier,
    private readonly runs: SyncRuns,
    private readonly inbox: InboxWriter,
    private readonly alerts: OperatorAlerts,
    private readonly credentials: SyncCredentials,
    private readonly reports: SyncRunReports,
    private readonly googleTokens: GoogleAccessTokens,
  ) {}

  async run(slug: string, trigger: SyncTrigger, jobId: string | null, signal: AbortSignal): Promise<RunOutcome> {
    const [source] = await this.dataSource.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources WHERE slug = $1`,
      [slug],
    );
    if (!source) return { skipped: `sync source ${slug} was removed` };
    if (source.paused && trigger !== 'manual') return { skipped: `sync source ${slug} is paused` };
    const connector = syncConnectors.get(source.connector);
    if (!connector) throw new PermanentJobError(`sync source ${slug}: unknown connector ${source.connector}`);
    const problems = connector.validateSettings(source.settings);
    if (problems.length > 0) throw new PermanentJobError(`sync source ${slug}: ${problems.join('; ')}`);

    const runId = await this.runs.start(slug, jobId, trigger);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const counts = noCounts();
    const db = this.dataSource.createQueryRunner();
    await db.connect();
    try {
      await db.startTransaction();
      const outcome = await this.inTransaction(db, slug, connector, runId, counts, signal);
      await db.commitTransaction();
      await this.afterCommit(slug, outcome.deletionsRefused, outcome.listingComplete);
      await this.reports.finished(slug, 'succeeded', seconds());
      return { runId, ...outcome, counts };
    } catch (error) {
      if (db.isTransactionActive) await db.rollbackTransaction().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof SyncRunError) counts.failed = Math.max(counts.failed, error.failedResources);
      await this.runs.failed(runId, counts, message).catch((failure: unknown) => {
        this.logger.warn(`Run ${runId} of ${slug}: its failure was not recorded: ${String(failure)}`);
      });
      await this.reports.finished(slug, 'failed', seconds(), message);
      if (error instanceof SyncFetchError && error.details.credentials) {
        // Retrying cannot fix this: someone has to give the source new credentials.
        await this.alerts
          .raise({
            kind: CREDENTIALS_REFUSED_ALERT,
            subject: slug,
            message: `Sync source ${slug}: the API refused its credentials; give it a new secret (PATCH /sync/sources/${slug})`,
            details: { source: slug, status: error.details.status },
          })
          .catch(() => undefined);
      }
      if (error instanceof SyncFetchError && error.details.retryAt)
        throw new RetryLaterError(message, error.details.retryAt);
      throw error;
    } finally {
      await db.release();
    }
  }

  /**
   * The run's listing, under a row lock on the source. When the connector says its stored state
   * expired, everything this run read is rolled back to a savepoint and the source is listed in
   * full from the start, its stored state discarded (once per run: a second expiry fails it).
   */
  private async inTransaction(
    db: QueryRunner,
    slug: string,
    connector: SyncConnector<any>,
    runId: string,
    counts: RunCounts,
    signal: AbortSignal,
  ): Promise<ListingOutcome> {
    // Re-read under a row lock: the listing position is this run's to move on. NO KEY: rows that
    // only refer to the source (a watch channel being recorded) need not wait for the run.
    const [source]: SyncSourceRecord[] = await db.query(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources WHERE slug = $1 FOR NO KEY UPDATE`,
      [slug],
    );
    if (!source) throw new PermanentJobError(`sync source ${slug} was removed`);
    const started = Date.now();
    await db.query('SAVEPOINT sync_listing');
    try {
      return await this.listing(db, source, connector, runId, counts, signal, started, null);
    } catch (error) {
      if (!(error instanceof SyncStateExpiredError)) throw error;
      await db.query('ROLLBACK TO SAVEPOINT sync_listing');
      Object.assign(counts, noCounts());
      const reason = `the stored state expired (${error.message}): listed in full`;
      this.logger.warn(`${slug}: ${reason}`);
      const fresh = { ...source, connectorState: {}, listingId: null, listingCursor: null, listingSeen: 0 };
      try {
        return await this.listing(db, fresh, connector, runId, counts, signal, started, reason);
      } catch (again) {
        if (again instanceof SyncStateExpiredError) {
          throw new SyncRunError(`the listing in full after an expired state was refused too: ${again.message}`);
        }
        throw again;
      }
    }
  }

  private async listing(
    db: QueryRunner,
    source: SyncSourceRecord,
    connector: SyncConnector<any>,
    runId: string,
    counts: RunCounts,
    signal: AbortSignal,
    started: number,
    stateDiscarded: string | null,
  ): Promise<ListingOutcome> {
    const slug = source.slug;
    const settings: unknown = connector.parseSettings(source.settings, this.config);
    const resource = connector.resource(settings);
    const volatile = connector.volatileFields(settings);
    const context = this.context(source, settings, signal);
    const listing = source.listingId ?? randomUUID();
    let cursor: PageCursor | null = source.listingId ? source.listingCursor : null;
    let listed = source.listingId ? source.listingSeen : 0;
    const cursors = new Set([JSON.stringify(cursor)]);
    const { maxPagesPerRun, runMaxSeconds, maxItemBytes } = this.config.sync;
    const wipeState = stateDiscarded !== null;
    let incremental = false;
    let last: ListedPage | undefined;
    while (counts.pages < maxPagesPerRun && Date.now() - started < runMaxSeconds * 1000) {
      signal.throwIfAborted();
      const page = await this.readPage(connector, context, cursor, signal);
      counts.pages++;
      incremental = page.incremental === true;
      const pageNumber = counts.pages;
      const prepared = prepareResources(page.resources, volatile, maxItemBytes, pageNumber);
      listed += await this.pages.apply(
        { db, source: slug, connector: connector.id, resource, listing, runId, pageNumber, counts },
        prepared,
      );
      if (!page.next) {
        last = page;
        break;
      }
      const key = JSON.stringify(page.next);
      if (cursors.has(key))
        throw new SyncRunError(
          `page ${pageNumber} points back to a page already read (a looping cursor: ${key.slice(0, 200)})`,
        );
      cursors.add(key);
      cursor = page.next;
    }
    const runOutcome = { incremental, stateDiscarded };

    if (!last) {
      await db.query(
        `UPDATE sync_sources SET listing_id = $2, listing_cursor = $3::jsonb, listing_seen = $4,
                listing_started_at = COALESCE(listing_started_at, now()),
                connector_state = CASE WHEN $5 THEN '{}'::jsonb ELSE connector_state END
          WHERE slug = $1`,
        [slug, listing, JSON.stringify(cursor), listed, wipeState],
      );
      await this.runs.succeeded(db, runId, counts, { listingComplete: false, deletionsRefused: null, ...runOutcome });
      return { listingComplete: false, deletionsRefused: null, intervalSeconds: source.intervalSeconds, ...runOutcome };
    }
    const newState = last.state ? JSON.stringify(last.state) : null;

    if (last.incremental) {
      // Only changes were listed: nothing unlisted is gone, and the source now holds what is alive.
      await db.query(
        `UPDATE sync_sources SET listing_id = NULL, listing_cursor = NULL, listing_seen = 0, listing_started_at = NULL,
                last_complete_count = $2, last_complete_at = now(),
                connector_state = COALESCE($3::jsonb, connector_state)
          WHERE slug = $1`,
        [slug, await this.state.liveCount(db, slug, resource), newState],
      );
      await this.runs.succeeded(db, runId, counts, { listingComplete: true, deletionsRefused: null, ...runOutcome });
      return { listingComplete: true, deletionsRefused: null, intervalSeconds: source.intervalSeconds, ...runOutcome };
    }

    const unseen = await this.state.unseenCount(db, slug, resource, listing);
    const refusal = deletionRefusal({
      resource,
      listed,
      previous: source.lastCompleteCount,
      unseen,
      percent: this.config.sync.shortListingPercent,
      accepted: source.acceptShortListing,
    });
    if (!refusal && unseen > 0) {
      const deleted = await this.state.sweep(db, slug, resource, listing);
      counts.deleted += deleted.length;
      const now = new Date();
      await this.inbox.writeInTransaction(
        db,
        deleted.map((d) =>
          syncEventRow(
            {
              source: slug,
              connector: connector.id,
              resource,
              externalId: d.externalId,
              version: d.version,
              hash: 'deleted',
              action: 'deleted',
              payload: { id: d.externalId, deleted: true },
              runId,
            },
            now,
          ),
        ),
      );
    }
    // Refused deletions keep the state as it was: a sync token from this listing would skip the
    // deletions it refused, so the next listing is in full again until they are accepted.
    await db.query(
      `UPDATE sync_sources SET listing_id = NULL, listing_cursor = NULL, listing_seen = 0, listing_started_at = NULL,
              last_complete_count = CASE WHEN $2 THEN last_complete_count ELSE $3 END,
              last_complete_at = now(), accept_short_listing = CASE WHEN $2 THEN accept_short_listing ELSE false END,
              connector_state = CASE WHEN $5 AND ($2 OR $4::jsonb IS NULL) THEN '{}'::jsonb
                                     WHEN $2 THEN connector_state
                                     ELSE COALESCE($4::jsonb, connector_state) END
        WHERE slug = $1`,
      [slug, refusal !== undefined, listed, newState, wipeState],
    );
    await this.runs.succeeded(db, runId, counts, {
      listingComplete: true,
      deletionsRefused: refusal ?? null,
      ...runOutcome,
    });
    return {
      listingComplete: true,
      deletionsRefused: refusal ?? null,
      intervalSeconds: source.intervalSeconds,
      ...runOutcome,
    };
  }

  /** Operator alerts are their own writes: raised or resolved once the run's outcome is committed. */
  private async afterCommit(slug: string, refusal: string | null, complete: boolean): Promise<void> {
    await this.alerts.resolve(CREDENTIALS_REFUSED_ALERT, slug, 'sync');
    if (!complete) return;
    if (refusal) {
      await this.alerts.raise({
        kind: DELETIONS_REFUSED_ALERT,
        subject: slug,
        message: `Sync source ${slug}: ${refusal}`,
        details: { source: slug },
      });
    } else {
      await this.alerts.resolve(DELETIONS_REFUSED_ALERT, slug, 'sync');
    }
  }

  /** A page, waiting out a short Retry-After (up to SYNC_RETRY_AFTER_WAIT_MAX_SECONDS) a few times. */
  private async readPage(
    connector: SyncConnector<any>,
    context: ConnectorContext<any>,
    cursor: PageCursor | null,
    signal: AbortSignal,
  ): Promise<ListedPage> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await connector.listPage(context, cursor);
      } catch (error) {
        const at = error instanceof SyncFetchError ? error.details.retryAt : undefined;
        const waitMs = at ? at.getTime() - Date.now() : Infinity;
        if (attempt >= RATE_LIMIT_WAITS || waitMs > this.config.sync.retryAfterWaitMaxSeconds * 1000) throw error;
        await sleep(Math.max(0, waitMs), undefined, { signal });
      }
    }
  }

  private context(source: SyncSourceRecord, settings: unknown, signal: AbortSignal): ConnectorContext<any> {
    const { allowPrivateNetworks, httpTimeoutSeconds, maxResponseBytes, retryAfterWaitMaxSeconds } = this.config.sync;
    const limits: GetLimits = {
      allowPrivate: allowPrivateNetworks,
      timeoutMs: httpTimeoutSeconds * 1000,
      deadlineMs: httpTimeoutSeconds * 2000,
      maxBytes: maxResponseBytes,
      // The job's own retry honours longer waits, up to a day.
      retryAfterMaxSeconds: Math.max(retryAfterWaitMaxSeconds, 24 * 3600),
    };
    const credential = this.credentials.open(source);
    return {
      slug: source.slug,
      settings,
      credential,
      state: source.connectorState,
      limits,
      signal,
      getJson: (url, headers = {}) => getJson(url, headers, limits, signal),
      google: {
        urls: this.config.google,
        accessToken: (scopes, subject, renew) =>
          this.googleTokens.accessToken(credential, { scopes, subject, renew }, signal).catch((error: unknown) => {
            if (!(error instanceof GoogleAccessError)) throw error;
            throw new SyncFetchError(error.message, error.details);
          }),
      },
    };
  }
}
