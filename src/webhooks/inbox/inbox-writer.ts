import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { JobQueue } from '../../platform/queue/job-queue';
import { pgClientDb } from '../../platform/queue/transaction-db';
import { webhookRouteQueue } from '../../routing/webhook-route.queue';

export interface InboxRow {
  source: string;
  provider: string;
  eventType: string;
  providerEventType: string;
  deliveryId: string;
  headers: string;
  body: string;
  description: string;
  verification: string;
  receivedAt: Date;
}

export interface StoredEvent {
  eventId: string;
  jobId: string;
  duplicate: boolean;
}

interface PendingWrite {
  rows: InboxRow[];
  resolve(results: StoredEvent[]): void;
  reject(error: unknown): void;
}

const INSERT_EVENTS = `
INSERT INTO webhook_events (id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
                            description, verification, received_at, routing_status, route_job_id)
SELECT id, source, provider, event_type, provider_event_type, delivery_id, headers::jsonb, body,
       description, verification::jsonb, received_at, 'pending', route_job_id
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::text[], $10::text[], $11::timestamptz[], $12::uuid[])
    AS t(id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
         description, verification, received_at, route_job_id)
ON CONFLICT (source, delivery_id) DO NOTHING
RETURNING id`;

const FIND_EXISTING = `
SELECT e.id, e.route_job_id, e.source, e.delivery_id
  FROM webhook_events e
  JOIN unnest($1::text[], $2::text[]) AS k(source, delivery_id) USING (source, delivery_id)`;

/** Rows per transaction at most; beyond it the next batch starts. */
const MAX_BATCH_ROWS = 500;
/** Transactions in flight at once: one commits while the next batch gathers. */
const MAX_CONCURRENT_COMMITS = 2;

/**
 * Group commit for the inbox. Concurrent deliveries are written together: one transaction inserts
 * every event of the batch (duplicates by source and delivery id are skipped) and enqueues a
 * `webhook.route` job for each new one, then commits; only then is each caller answered. At low
 * load a batch is one delivery and nothing waits; under load the batch grows instead of the queue
 * of transactions, which is what lets one Postgres accept thousands of deliveries a second.
 */
@Injectable()
export class InboxWriter implements BeforeApplicationShutdown {
  private pending: PendingWrite[] = [];
  private committing = 0;
  private idle?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  write(rows: InboxRow[]): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      this.pump();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.committing === 0 && this.pending.length === 0) return;
    // The HTTP server still takes requests during this hook, so under load the writer may never be
    // idle: wait for it, but not for ever (whatever is unanswered was not acknowledged).
    await Promise.race([
      new Promise<void>((resolve) => (this.idle = resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }

  private pump(): void {
    while (this.committing < MAX_CONCURRENT_COMMITS && this.pending.length > 0) {
      const batch: PendingWrite[] = [];
      let rows = 0;
      while (this.pending.length > 0 && (rows === 0 || rows + this.pending[0]!.rows.length <= MAX_BATCH_ROWS)) {
        const next = this.pending.shift()!;
        rows += next.rows.length;
        batch.push(next);
      }
      this.committing++;
      void this.commit(batch).finally(() => {
        this.committing--;
        this.pump();
        if (this.committing === 0 && this.pending.length === 0) this.idle?.();
      });
    }
  }

  private async commit(batch: PendingWrite[]): Promise<void> {
    try {
      const results = await this.store(batch.flatMap((w) => w.rows));
      let offset = 0;
      for (const write of batch) {
        write.resolve(results.slice(offset, offset + write.rows.length));
        offset += write.rows.length;
      }
    } catch (error) {
      for (const write of batch) write.reject(error);
    }
  }

  private async store(rows: InboxRow[]): Promise<StoredEvent[]> {
    const ids = rows.map(() => randomUUID());
    const jobIds = rows.map(() => randomUUID());
    const client = await this.pool().connect();
    let healthy = true;
    try {
      await client.query('BEGIN');
      const inserted = await client.query<{ id: string }>({
        name: 'inbox_insert_events',
        text: INSERT_EVENTS,
        values: [
          ids,
          rows.map((r) => r.source),
          rows.map((r) => r.provider),
          rows.map((r) => r.eventType),
          rows.map((r) => r.providerEventType),
          rows.map((r) => r.deliveryId),
          rows.map((r) => r.headers),
          rows.map((r) => r.body),
          rows.map((r) => r.description),
          rows.map((r) => r.verification),
          rows.map((r) => r.receivedAt),
          jobIds,
        ],
      });
      const created = new Set(inserted.rows.map((r) => r.id));
      const results: StoredEvent[] = ids.map((id, i) => ({
        eventId: id,
        jobId: jobIds[i]!,
        duplicate: !created.has(id),
      }));
      if (created.size > 0) {
        const jobs = results.filter((r) => !r.duplicate).map((r) => ({ id: r.jobId, data: { eventId: r.eventId } }));
        await this.jobs.insertMany(webhookRouteQueue, jobs, pgClientDb(client));
      }
      if (created.size < rows.length) await this.resolveDuplicates(client, rows, results);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (healthy = false));
      throw error;
    } finally {
      client.release(!healthy);
    }
  }

  /** Points each duplicate at the event stored first (earlier, or earlier in this batch). */
  private async resolveDuplicates(client: PoolClient, rows: InboxRow[], results: StoredEvent[]): Promise<void> {
    const duplicates = results.map((r, i) => ({ r, row: rows[i]! })).filter(({ r }) => r.duplicate);
    const existing = await client.query<{ id: string; route_job_id: string; source: string; delivery_id: string }>({
      name: 'inbox_find_existing',
      text: FIND_EXISTING,
      values: [duplicates.map(({ row }) => row.source), duplicates.map(({ row }) => row.deliveryId)],
    });
    const byKey = new Map(existing.rows.map((e) => [`${e.source}\u0000${e.delivery_id}`, e]));
    for (const { r, row } of duplicates) {
      const first = byKey.get(`${row.source}\u0000${row.deliveryId}`);
      if (!first) throw new Error(`Duplicate delivery ${row.deliveryId} of ${row.source} not found`);
      r.eventId = first.id;
      r.jobId = first.route_job_id;
    }
  }

  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}
