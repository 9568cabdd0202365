import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset } from '../../platform/http/keyset-cursor';
import { JobQueue } from '../../platform/queue/job-queue';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { webhookRouteQueue } from '../../routing/webhook-route.queue';
import { filterConditions } from './event-filter';
import type { ListEventsQuery } from './list-events.query';

interface EventRow {
  id: string;
  source: string;
  provider: string;
  event_type: string;
  provider_event_type: string;
  delivery_id: string;
  description: string;
  received_at: Date;
  routing_status: string;
  routed_at: Date | null;
  route_job_id: string;
  enrichment_status: string | null;
  enrichment_reason: string | null;
}

const LIST_COLUMNS = `id, source, provider, event_type, provider_event_type, delivery_id, description, received_at,
  routing_status, routed_at, route_job_id, enrichment_status, enrichment_reason`;

const summary = (row: EventRow) => ({
  id: row.id,
  source: row.source,
  provider: row.provider,
  type: row.event_type,
  providerType: row.provider_event_type,
  deliveryId: row.delivery_id,
  description: row.description,
  receivedAt: row.received_at.toISOString(),
  routingStatus: row.routing_status,
  routedAt: row.routed_at?.toISOString() ?? null,
  routeJobId: row.route_job_id,
  enrichment: row.enrichment_status ? { status: row.enrichment_status, reason: row.enrichment_reason } : null,
});

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reading the inbox, and routing stored events again. */
@Injectable()
export class WebhookEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async list(query: ListEventsQuery) {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where = filterConditions(query, params);
    if (query.cursor) {
      const cursor = decodeKeyset(query.cursor);
      params.push(cursor.at, cursor.id);
      where.push(`(received_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${LIST_COLUMNS} FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(summary),
      next: rows.length > limit && last ? encodeKeyset(last.received_at, last.id) : null,
    };
  }

  /** Everything stored of one event; signature headers were redacted before storing. */
  async get(id: string) {
    const [row] = await this.dataSource.query<
      (EventRow & { headers: unknown; body: string; verification: unknown; extra: unknown })[]
    >(`SELECT ${LIST_COLUMNS}, headers, body, verification, extra FROM webhook_events WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`No webhook event ${id}`);
    return {
      ...summary(row),
      headers: row.headers,
      body: parseBody(row.body),
      verification: row.verification,
      extra: row.extra,
    };
  }

  /** Routes a stored event again: a new routing job, made in the same transaction as the status change. */
  async replay(id: string): Promise<{ eventId: string; jobId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const jobId = randomUUID();
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE webhook_events SET routing_status = 'pending', routed_at = NULL, route_job_id = $2 WHERE id = $1 RETURNING id`,
        [id, jobId],
      );
      if (rows.length === 0) throw new NotFoundException(`No webhook event ${id}`);
      await this.jobs.insertMany(
        webhookRouteQueue,
        [{ id: jobId, data: { eventId: id } }],
        queryRunnerDb(manager.queryRunner!),
      );
      return { eventId: id, jobId };
    });
  }
}
