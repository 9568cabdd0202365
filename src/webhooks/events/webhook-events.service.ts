import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset, keysetAt } from '../../platform/http/keyset-cursor';
import { JobQueue } from '../../platform/queue/job-queue';
import { storedPayload } from '../inbox/stored-payload';
import { requeueRouting } from '../replay/requeue-routing';
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
    const rows = await this.dataSource.query<(EventRow & { keyset_at: string })[]>(
      `SELECT ${LIST_COLUMNS}, ${keysetAt('received_at')} AS keyset_at FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(summary),
      next: rows.length > limit && last ? encodeKeyset(last.keyset_at, last.id) : null,
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
      body: storedPayload(row.body),
      verification: row.verification,
      extra: row.extra,
    };
  }

  /** Routes a stored event again: a new routing job, made in the same transaction as the status change. */
  async replay(id: string): Promise<{ eventId: string; jobId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [requeued] = await requeueRouting(manager, this.jobs, [id]);
      if (!requeued) throw new NotFoundException(`No webhook event ${id}`);
      return { eventId: id, jobId: requeued.route_job_id };
    });
  }
}
