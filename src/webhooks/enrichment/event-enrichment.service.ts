import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { pgBossQueueOptions } from '../../platform/queue/queue-options';
import { webhookRouteQueue } from '../../routing/webhook-route.queue';
import type { EnrichableEvent, Enrichment, EventEnricher } from '../providers/event-enricher';
import { storedPayload } from '../inbox/stored-payload';
import { webhookProviders } from '../providers/provider-registry';
import { webhookEnrichQueue, WebhookEnrichPayload } from './webhook-enrich.queue';

export interface EnrichResult {
  eventId: string;
  status: Enrichment['status'];
  reason?: string;
  /** The routing job enqueued for the event now that it is enriched. */
  routeJobId: string;
}

interface EventRow {
  provider: string;
  event_type: string;
  body: string;
  enrichment_status: Enrichment['status'] | null;
  enrichment_reason: string | null;
}

/**
 * Runs a provider's enricher for one event and stores the outcome with a new routing job, in one
 * transaction. Outside-API outages throw, so the job retries with backoff; on its last attempt
 * the event is stored as failed with the reason and routed with what the payload says, so an
 * event is never left unrouted by an outage.
 */
@Injectable()
export class EventEnrichmentService {
  private readonly logger = new Logger('Enrichment');
  private readonly retryLimit: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {
    this.retryLimit = pgBossQueueOptions(webhookEnrichQueue, config.jobs).retryLimit ?? 0;
  }

  async enrichThenRoute(job: QueueJob<WebhookEnrichPayload>): Promise<EnrichResult> {
    const { eventId } = job.data;
    const [row] = await this.dataSource.query<EventRow[]>(
      'SELECT provider, event_type, body, enrichment_status, enrichment_reason FROM webhook_events WHERE id = $1',
      [eventId],
    );
    if (!row) throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
    const enricher = webhookProviders.get(row.provider)?.enricher;
    if (!enricher) throw new PermanentJobError(`Provider ${row.provider} does not enrich events`);
    // A retry of a job that stored its outcome but did not complete: route on what is stored.
    const outcome =
      row.enrichment_status === null
        ? await this.run(enricher, { id: eventId, eventType: row.event_type, payload: storedPayload(row.body) }, job)
        : undefined;
    return this.dataSource.transaction(async (manager) => {
      const route = await this.jobs.send(
        webhookRouteQueue,
        { eventId },
        { transaction: manager.queryRunner!, idempotencyKey: `enriched:${job.id}` },
      );
      if (outcome) {
        await manager.query(
          `UPDATE webhook_events SET extra = $2, enrichment_status = $3, enrichment_reason = $4, enriched_at = now(),
                  route_job_id = $5
            WHERE id = $1`,
          [
            eventId,
            JSON.stringify(outcome.extra),
            outcome.status,
            outcome.status === 'failed' ? outcome.reason : null,
            route.id,
          ],
        );
      }
      const status = outcome?.status ?? row.enrichment_status!;
      const reason = outcome ? (outcome.status === 'failed' ? outcome.reason : undefined) : row.enrichment_reason;
      return { eventId, status, ...(reason ? { reason } : {}), routeJobId: route.id };
    });
  }

  private async run(enricher: EventEnricher, event: EnrichableEvent, job: QueueJob<unknown>): Promise<Enrichment> {
    try {
      const outcome = await enricher.enrich(event, { config: this.config, signal: job.signal });
      if (outcome.status === 'failed') {
        this.logger.warn({ eventId: event.id, reason: outcome.reason }, 'Enrichment failed; routing what is known');
      }
      return outcome;
    } catch (error) {
      if (job.signal.aborted || job.retryCount < this.retryLimit) throw error;
      const reason = `${(error as Error).message} (gave up after ${job.retryCount + 1} attempts)`;
      this.logger.warn({ eventId: event.id, reason }, 'Enrichment gave up; routing what is known');
      return { status: 'failed', reason, extra: enricher.known(event) };
    }
  }
}
