import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { EspoClients } from '../crm/espo-clients';
import { runnerSql } from '../store/sql';
import { SyncCounts, SyncRun, SyncRuns, SyncTrigger } from '../store/sync-runs';
import { peopleFullSyncQueue } from './people-sync.queues';
import { runFullSync } from './run-full-sync';
import { CrmNotConfiguredError } from './sync-errors';

export interface SyncRequested {
  /** The sync's job (`GET /jobs/:id`); it runs once no other full sync is running. */
  jobId: string;
}

/** Full people syncs: asking for one (a job), running one (the job's handler), and their history. */
@Injectable()
export class PeopleSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly clients: EspoClients,
  ) {}

  async request(trigger: SyncTrigger, requestedBy: string | null): Promise<SyncRequested> {
    if (!this.config.crm.espo) throw new CrmNotConfiguredError();
    const sent = await this.jobs.send(peopleFullSyncQueue, { trigger, ...(requestedBy ? { requestedBy } : {}) });
    return { jobId: sent.id };
  }

  /** Runs one full sync on a connection of its own (the sync lock is a session lock). */
  async run(
    trigger: SyncTrigger,
    requestedBy: string | null,
    jobId: string | null,
    signal?: AbortSignal,
  ): Promise<{ runId: string; counts: SyncCounts }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const espo = this.clients.configured ? this.clients.client() : undefined;
      return await runFullSync(runnerSql(runner), this.config, { trigger, requestedBy, jobId, signal, espo });
    } finally {
      await runner.release();
    }
  }

  async latestRuns(limit = 10): Promise<SyncRun[]> {
    return new SyncRuns((text, params) => this.dataSource.query(text, params)).latest(limit);
  }
}
