import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../platform/config/app-config';
import { JobHandler } from '../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../platform/queue/queue-job';
import { pgBossQueueOptions } from '../platform/queue/queue-options';
import { RoutingService } from './routing.service';
import { webhookRouteQueue, WebhookRoutePayload } from './webhook-route.queue';

@Injectable()
export class WebhookRouteHandler {
  private readonly retryLimit: number;

  constructor(
    private readonly routing: RoutingService,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.retryLimit = pgBossQueueOptions(webhookRouteQueue, config.jobs).retryLimit ?? 0;
  }

  @JobHandler(webhookRouteQueue)
  async route(job: QueueJob<WebhookRoutePayload>) {
    try {
      return await this.routing.route(job.data.eventId, job.id);
    } catch (error) {
      // The job goes dead now: the event says so (unless a newer routing, a replay, took over).
      if (error instanceof PermanentJobError || job.retryCount >= this.retryLimit) {
        await this.dataSource.query(
          `UPDATE webhook_events SET routing_status = 'failed' WHERE id = $1 AND route_job_id = $2`,
          [job.data.eventId, job.id],
        );
      }
      throw error;
    }
  }
}
