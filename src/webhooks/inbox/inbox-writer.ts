import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export interface InboxRow {
  source: string;
  provider: string;
  eventType: string;
  providerEventType: string;
  deliveryId: string;
  headers: Record<string, unknown>;
  body: string;
  description: string;
  verification: Record<string, unknown>;
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

/**
 * The whole batch in one statement (and so one transaction): the rows travel as one JSON
 * parameter, which Postgres reads faster than a dozen text arrays and node-postgres writes without
 * escaping each element. `route_job_id` is the event's own id: the router routes it under that
 * id, and the jobs API shows that routing at /jobs/<id>. The insert trigger wakes the routers.
 */
const INSERT_EVENTS = `
INSERT INTO webhook_events (id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
                            description, verification, received_at, routing_status, route_job_id)
SELECT id, source, provider, event_type, provider_event_type, delivery_id, headers, body,
       description, verification, received_at, 'pending', id
  FROM json_to_recordset($1::json)
    AS t(id uuid, source text, provider text, event_type text, provider_event_type text, delivery_id text,
         headers jsonb, body text, description text, verification jsonb, received_at timestamptz)
ON CONFLICT (source, delivery_id) DO NOTHING
RETURNING id`;

const FIND_EXISTING = `
SELECT e.id, e.route_job_id, e.source, e.delivery_id
  FROM webhook_events e
  JOIN unnest($1::text[], $2::text[]) AS k(source, delivery_id) USING (source, delivery_id)`;

/** SQLSTATE class 22 (data exception): one row Postgres refuses, not a failure of the batch. */
const isDataException = (error: unknown): boolean =>
  typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('22');

/** Rows per statement at most; beyond it the next batch starts. */
const MAX_BATCH_ROWS = 500;
/** Body bytes per statement at most, so a few large deliveries do not make one huge parameter. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Transactions in flight at once: one commits while the next batch gathers. */
const MAX_CONCURRENT_COMMITS = 2;

/**
 * Group commit for the inbox. Concurrent deliveries are written together: one statement inserts
 * every event of the batch (duplicates by source and delivery id are skipped) and commits; only
 * then is each caller answered. At low load a batch is one delivery and nothing waits; under load
 * the batch grows instead of the queue of transactions. Nothing else happens on the request's
 * path: the worker's router picks the events up (`EventRouter`).
 */
@Injectable()
export class InboxWriter implements BeforeApplicationShutdown {
  private pending: PendingWrite[] = [];
  private committing = 0;
  private idle?: () => void;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  write(rows: InboxRow[]): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      this.pump();
    });
  }

  /**
   * The same insert inside a caller's open transaction (a sync run stores its events with the
   * state that produced them): committed or rolled back with it. Duplicates are skipped, and
   * answered with `duplicate: true` and no event id.
   */
  async writeInTransaction(db: QueryRunner, rows: InboxRow[]): Promise<StoredEvent[]> {
    if (rows.length === 0) return [];
    const records = this.records(rows);
    const inserted: { id: string }[] = await db.query(INSERT_EVENTS, [JSON.stringify(records)]);
    const created = new Set(inserted.map((r) => r.id));
    return records.map((r) => ({ eventId: r.id, jobId: r.id, duplicate: !created.has(r.id) }));
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
      let bytes = 0;
      while (this.pending.length > 0) {
        const next = this.pending[0]!;
        const size = next.rows.reduce((sum, row) => sum + row.body.length, 0);
        if (rows > 0 && (rows + next.rows.length > MAX_BATCH_ROWS || bytes + size > MAX_BATCH_BYTES)) break;
        this.pending.shift();
        rows += next.rows.length;
        bytes += size;
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
      if (batch.length > 1 && isDataException(error)) {
        // One delivery Postgres refuses must not fail the others: write each on its own.
        await Promise.all(batch.map((write) => this.commit([write])));
      } else {
        for (const write of batch) write.reject(error);
      }
    }
  }

  private records(rows: InboxRow[]) {
    return rows.map((row) => ({
      id: randomUUID(),
      source: row.source,
      provider: row.provider,
      event_type: row.eventType,
      provider_event_type: row.providerEventType,
      delivery_id: row.deliveryId,
      headers: row.headers,
      body: row.body,
      description: row.description,
      verification: row.verification,
      received_at: row.receivedAt,
    }));
  }

  private async store(rows: InboxRow[]): Promise<StoredEvent[]> {
    const records = this.records(rows);
    const ids = records.map((r) => r.id);
    const client = await this.pool().connect();
    let healthy = true;
    // The pool stops listening to a client it hands out: without this, the connection ending while
    // the client is ours (Postgres stopping right after answering, say) is an unhandled 'error'
    // event that ends the process.
    const lost = () => (healthy = false);
    client.on('error', lost);
    try {
      const inserted = await client
        .query<{ id: string }>({ name: 'inbox_insert_events', text: INSERT_EVENTS, values: [JSON.stringify(records)] })
        .catch((error: unknown) => {
          // A SQLSTATE means Postgres answered; anything else (a reset, say) leaves the connection unusable.
          healthy = /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown }).code));
          throw error;
        });
      const created = new Set(inserted.rows.map((r) => r.id));
      const results: StoredEvent[] = ids.map((id) => ({ eventId: id, jobId: id, duplicate: !created.has(id) }));
      if (created.size < rows.length) await this.resolveDuplicates(client, rows, results);
      return results;
    } finally {
      client.removeListener('error', lost);
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
