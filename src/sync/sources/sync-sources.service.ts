import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { JobTable } from '../../platform/queue/job-table';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { literalAddressProblem } from '../../routing/forward/address-policy';
import { isReservedSlug } from '../../webhooks/sources/source.dto';
import { syncConnectors } from '../connectors/connector-registry';
import type { SyncConnector } from '../connectors/sync-connector';
import { DELETIONS_REFUSED_ALERT } from '../engine/sync-engine';
import { SyncRun, SyncRuns } from '../runs/sync-runs';
import { SyncPushRequests } from '../runs/sync-push-requests';
import { syncRunQueue } from '../runs/sync-run.queue';
import { SyncCredentials } from './sync-credentials';
import { INTERVAL_RULE, isValidInterval, scheduleCron } from './sync-interval';
import { CreateSyncSourceDto, UpdateSyncSourceDto } from './sync-source.dto';
import { SOURCE_COLUMNS, SyncSourceRecord } from './sync-source-record';
import { SyncSourceView, syncSourceView } from './sync-source-view';

export type RunNowAnswer =
  | { slug: string; queued: true; jobId: string }
  | { slug: string; queued: false; jobId: string; state: 'queued' | 'running'; reason: string };

/**
 * Managing sync sources: each row has a pg-boss schedule keyed by its slug on the `sync.run`
 * queue (none while paused), written in the same transaction as the row, which is the audited
 * change's transaction when an admin makes it.
 */
@Injectable()
export class SyncSourcesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly jobTable: JobTable,
    private readonly runs: SyncRuns,
    private readonly credentials: SyncCredentials,
    private readonly alerts: OperatorAlerts,
    private readonly config: AppConfig,
    private readonly pushes: SyncPushRequests,
  ) {}

  async list(): Promise<SyncSourceView[]> {
    const records = await this.dataSource.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources ORDER BY slug`,
    );
    const latest = await this.runs.latest(records.map((r) => r.slug));
    return records.map((r) => syncSourceView(r, latest.get(r.slug)));
  }

  async get(slug: string): Promise<SyncSourceView & { runs: SyncRun[] }> {
    const record = await this.record(this.dataSource.manager, slug);
    const runs = await this.runs.list(slug);
    return { ...syncSourceView(record, runs[0]), runs };
  }

  /** A source's connector and stored settings (in `manager`'s transaction when given); undefined when none. */
  async connectorSettings(
    slug: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Pick<SyncSourceRecord, 'connector' | 'settings'> | undefined> {
    const [row] = await manager.query<Pick<SyncSourceRecord, 'connector' | 'settings'>[]>(
      'SELECT connector, settings FROM sync_sources WHERE slug = $1',
      [slug],
    );
    return row;
  }

  async create(dto: CreateSyncSourceDto): Promise<SyncSourceView> {
    if (isReservedSlug(dto.slug)) throw new BadRequestException(`slug "${dto.slug}" is reserved`);
    const connector = this.connector(dto.connector);
    const resource = this.checkSettings(connector, dto.settings);
    this.checkCredential(connector, dto.secret);
    this.checkInterval(dto.intervalSeconds);
    return this.dataSource.transaction(async (manager) => {
      const [taken] = await manager.query<{ kind: string }[]>(
        `SELECT 'webhook' AS kind FROM webhook_sources WHERE slug = $1
          UNION ALL SELECT 'sync' FROM sync_sources WHERE slug = $1`,
        [dto.slug],
      );
      if (taken) throw new ConflictException(`A ${taken.kind} source "${dto.slug}" already exists`);
      const [record] = await manager.query<SyncSourceRecord[]>(
        `INSERT INTO sync_sources (slug, connector, resource, settings, credentials_sealed, interval_seconds, paused)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING ${SOURCE_COLUMNS}`,
        [
          dto.slug,
          dto.connector,
          resource,
          JSON.stringify(dto.settings),
          dto.secret === undefined ? null : this.credentials.seal(dto.secret),
          dto.intervalSeconds,
          dto.paused ?? false,
        ],
      );
      await this.reschedule(manager, record!);
      return syncSourceView(record!, undefined);
    });
  }

  async update(slug: string, dto: UpdateSyncSourceDto): Promise<SyncSourceView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.record(manager, slug, true);
      const connector = this.connector(current.connector);
      const settings = dto.settings ?? current.settings;
      const resource = this.checkSettings(connector, settings);
      if (resource !== current.resource) {
        throw new BadRequestException(
          `resource cannot change (${current.resource} → ${resource}): its state and event types depend on it; add a new source instead`,
        );
      }
      this.checkCredential(connector, dto.secret ?? undefined);
      const interval = dto.intervalSeconds ?? current.intervalSeconds;
      this.checkInterval(interval);
      const sealed =
        dto.secret === undefined
          ? current.credentialSealed
          : dto.secret === null
            ? null
            : this.credentials.seal(dto.secret);
      // New settings list something else (sync tokens are only valid for the parameters they came
      // from): the listing in progress and the connector's state start over.
      // UPDATE answers [rows, count] through TypeORM.
      const [[record]] = await manager.query<[SyncSourceRecord[], number]>(
        `UPDATE sync_sources SET settings = $2::jsonb, credentials_sealed = $3, interval_seconds = $4, paused = $5,
                updated_at = now(),
                connector_state = CASE WHEN settings = $2::jsonb THEN connector_state ELSE '{}'::jsonb END,
                listing_id = CASE WHEN settings = $2::jsonb THEN listing_id END,
                listing_cursor = CASE WHEN settings = $2::jsonb THEN listing_cursor END,
                listing_seen = CASE WHEN settings = $2::jsonb THEN listing_seen ELSE 0 END,
                listing_started_at = CASE WHEN settings = $2::jsonb THEN listing_started_at END
          WHERE slug = $1 RETURNING ${SOURCE_COLUMNS}`,
        [slug, JSON.stringify(settings), sealed, interval, dto.paused ?? current.paused],
      );
      await this.reschedule(manager, record!);
      return syncSourceView(record!, (await this.runs.latest([slug])).get(slug));
    });
  }

  async remove(slug: string): Promise<{ slug: string; removed: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.record(manager, slug, true);
      await this.jobs.unschedule(syncRunQueue, slug, { transaction: manager.queryRunner });
      // State and runs go with it; the events it stored stay in the inbox.
      await manager.query('DELETE FROM sync_sources WHERE slug = $1', [slug]);
      await this.pushes.forget(manager.queryRunner!, slug);
      return { slug, removed: true as const };
    });
  }

  /**
   * "Sync now": a run due at once. When the source already has one queued (its next scheduled or
   * chained run, or a retry) that one is made due now; when one is running nothing more is queued.
   */
  async runNow(slug: string): Promise<RunNowAnswer> {
    return this.dataSource.transaction(async (manager) => {
      const record = await this.record(manager, slug);
      if (record.paused) throw new ConflictException(`Sync source ${slug} is paused: resume it first`);
      const db = queryRunnerDb(manager.queryRunner!);
      const sent = await this.jobs.send(
        syncRunQueue,
        { source: slug, trigger: 'manual' },
        { jobId: randomUUID(), orderingKey: slug, transaction: manager.queryRunner! },
      );
      if (sent.created) return { slug, queued: true as const, jobId: sent.id };
      await this.jobTable.dueNow(syncRunQueue.name, slug, db);
      const holder = await this.jobTable.holderOf(syncRunQueue.name, slug, db);
      if (!holder) throw new ConflictException(`Sync source ${slug}: its run just ended, ask again`);
      const running = holder.state === 'active';
      return {
        slug,
        queued: false as const,
        jobId: holder.id,
        state: running ? ('running' as const) : ('queued' as const),
        reason: running ? 'a run of this source is running' : 'a run of this source was queued: it is due now',
      };
    });
  }

  /** The next complete listing may delete what it does not list, however short it is. */
  async acceptDeletions(slug: string): Promise<SyncSourceView> {
    return this.dataSource.transaction(async (manager) => {
      await this.record(manager, slug, true);
      // UPDATE answers [rows, count] through TypeORM.
      const [[record]] = await manager.query<[SyncSourceRecord[], number]>(
        `UPDATE sync_sources SET accept_short_listing = true, updated_at = now() WHERE slug = $1 RETURNING ${SOURCE_COLUMNS}`,
        [slug],
      );
      return syncSourceView(record!, (await this.runs.latest([slug])).get(slug));
    });
  }

  /** Open deletion refusals, for the dashboard. */
  async refusals(): Promise<Set<string>> {
    const open = await this.alerts.open(500);
    return new Set(open.filter((a) => a.kind === DELETIONS_REFUSED_ALERT).map((a) => a.subject));
  }

  private async reschedule(manager: EntityManager, record: SyncSourceRecord): Promise<void> {
    const transaction = manager.queryRunner;
    if (record.paused) {
      await this.jobs.unschedule(syncRunQueue, record.slug, { transaction });
      return;
    }
    await this.jobs.schedule(
      syncRunQueue,
      record.slug,
      scheduleCron(record.slug, record.intervalSeconds),
      { source: record.slug, trigger: 'schedule' },
      { tz: 'UTC', transaction, singletonKey: record.slug },
    );
  }

  private connector(id: string): SyncConnector<any> {
    const connector = syncConnectors.get(id);
    if (!connector) throw new BadRequestException(`connector must be one of: ${[...syncConnectors.keys()].join(', ')}`);
    return connector;
  }

  /** The settings' problems as a 400, the address policy included; else the resource type. */
  private checkSettings(connector: SyncConnector<any>, settings: Record<string, unknown>): string {
    const problems = connector.validateSettings(settings);
    if (problems.length > 0) throw new BadRequestException(problems.map((p) => `settings: ${p}`));
    const parsed: unknown = connector.parseSettings(settings, this.config);
    if (!this.config.sync.allowPrivateNetworks) {
      for (const url of connector.urls(parsed)) {
        const problem = literalAddressProblem(url);
        if (problem) {
          throw new BadRequestException(
            `settings: ${problem}; sync sources may call public addresses only (set SYNC_HTTP_ALLOW_PRIVATE=true to allow private networks)`,
          );
        }
      }
    }
    return connector.resource(parsed);
  }

  /** A credential the connector cannot use (a Google source's secret that is not a key's JSON) as a 400. */
  private checkCredential(connector: SyncConnector<any>, credential: string | undefined): void {
    if (credential === undefined || !connector.credentialProblems) return;
    const problems = connector.credentialProblems(credential);
    if (problems.length > 0) throw new BadRequestException(problems.map((p) => `secret: ${p}`));
  }

  private checkInterval(seconds: number): void {
    if (!isValidInterval(seconds)) throw new BadRequestException(INTERVAL_RULE);
  }

  private async record(manager: EntityManager, slug: string, lock = false): Promise<SyncSourceRecord> {
    const [record] = await manager.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`,
      [slug],
    );
    if (!record) throw new NotFoundException(`No sync source "${slug}"`);
    return record;
  }
}
