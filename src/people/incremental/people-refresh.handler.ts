import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { EspoClients } from '../crm/espo-clients';
import { EspoRequestError } from '../crm/espo-error';
import { mapContact } from '../mapping/map-contact';
import { PeopleStore } from '../store/people-store';
import { runnerSql } from '../store/sql';
import { peopleRefreshQueue, RefreshContactJob } from '../sync/people-sync.queues';

/**
 * Re-reads one contact: stored when it changed, marked `missing_in_crm` when EspoCRM answers 404.
 * Outages retry with the JOB_* backoff; EspoCRM refusing (401, 403) fails the job with the reason.
 */
@Injectable()
export class PeopleRefreshHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
  ) {}

  @JobHandler(peopleRefreshQueue)
  async refresh(job: QueueJob<RefreshContactJob>) {
    if (!this.clients.configured)
      throw new PermanentJobError('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
    let contact;
    try {
      contact = await this.clients.client().readIfExists('Contact', job.data.crmId, job.signal);
    } catch (error) {
      if (error instanceof EspoRequestError) throw new PermanentJobError(error.message);
      throw error;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const store = new PeopleStore(runnerSql(runner), 'espocrm');
      if (!contact) return { crmId: job.data.crmId, missing: await store.markMissing([job.data.crmId]) };
      return { crmId: job.data.crmId, ...(await store.store([mapContact(contact, this.config.crm.fields)])) };
    } finally {
      await runner.release();
    }
  }
}
