import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { JobQueue } from '../../platform/queue/job-queue';
import { JobTable } from '../../platform/queue/job-table';
import type { QueueJob } from '../../platform/queue/queue-job';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { SyncEngine } from '../engine/sync-engine';
import { chainsRuns } from '../sources/sync-interval';
import { SyncRunPayload, syncRunQueue } from './sync-run.queue';

/**
 * Worker role: runs a source. A run that stopped before the end of its listing (page or time
 * bound) queues the rest at once; a source polled more often than pg-boss's once-a-minute
 * schedules queues its next run after the interval. Either way the follow-up is queued under the
 * source's key in one transaction with this job stepping aside from it, so the source never has
 * two runs queued or running. A push that arrived while the run was going queues the next at once.
 */
@Injectable()
export class SyncRunHandler {
  private readonly logger = new Logger('Sync');

  constructor(
    private readonly engine: SyncEngine,
    private readonly jobs: JobQueue,
    private readonly jobTable: JobTable,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @JobHandler(syncRunQueue)
  async run(job: QueueJob<SyncRunPayload>) {
    const { source, trigger } = job.data;
    const outcome = await this.engine.run(source, trigger, job.id, job.signal);
    if ('skipped' in outcome) return outcome;
    const followUpSeconds =
      !outcome.listingComplete || (await this.pushedDuring(source, outcome.runId))
        ? 0
        : chainsRuns(outcome.intervalSeconds)
          ? outcome.intervalSeconds
          : undefined;
    const followUp = followUpSeconds === undefined ? null : await this.followUp(job, followUpSeconds);
    const { seen, created, updated, deleted, unchanged } = outcome.counts;
    this.logger.log(
      `${source}: ${trigger} run ${outcome.runId} ${outcome.listingComplete ? 'listed all' : 'listed part'}: ` +
        `seen ${seen}, created ${created}, updated ${updated}, deleted ${deleted}, unchanged ${unchanged}`,
    );
    return {
      run: outcome.runId,
      listingComplete: outcome.listingComplete,
      ...outcome.counts,
      deletionsRefused: outcome.deletionsRefused,
      followUp,
    };
  }

  /** A push (Google Calendar's) asked for a run after this one had started: it may not have seen the change. */
  private async pushedDuring(source: string, runId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ pushed: boolean }[]>(
      `SELECT s.push_requested_at > r.started_at AS pushed FROM sync_sources s JOIN sync_runs r ON r.source = s.slug
        WHERE s.slug = $1 AND r.id = $2`,
      [source, runId],
    );
    return row?.pushed === true;
  }

  private async followUp(job: QueueJob<SyncRunPayload>, seconds: number): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      if (!(await this.jobTable.stepAside(syncRunQueue.name, job.id, job.retryCount, queryRunnerDb(runner)))) {
        return null;
      }
      const sent = await this.jobs.send(
        syncRunQueue,
        { source: job.data.source, trigger: 'follow-up' },
        {
          jobId: randomUUID(),
          orderingKey: job.data.source,
          startAfter: new Date(Date.now() + seconds * 1000),
          transaction: runner,
        },
      );
      // Not created: another job holds the key already (it will run the source).
      return sent.created ? sent.id : null;
    });
  }
}
