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
import { SyncPushRequests } from './sync-push-requests';
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
    private readonly pushes: SyncPushRequests,
  ) {}

  @JobHandler(syncRunQueue)
  async run(job: QueueJob<SyncRunPayload>) {
    const { source, trigger } = job.data;
    const outcome = await this.engine.run(source, trigger, job.id, job.signal);
    if ('skipped' in outcome) return outcome;
    const followUp = await this.followUp(job, outcome);
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

  /**
   * Queues the source's next run when one is due now or soon: the rest of a listing stopped by its
   * bounds, a run after a push that came while this one was going (it may not have seen the
   * change), or a source polled faster than once a minute. The push check and the queueing share
   * one transaction under the push lock (SyncPushRequests), so a push is never lost in between.
   */
  private async followUp(
    job: QueueJob<SyncRunPayload>,
    outcome: { runId: string; listingComplete: boolean; intervalSeconds: number },
  ): Promise<string | null> {
    const { source } = job.data;
    const pushable = await this.pushes.known(this.dataSource, source);
    if (!pushable && outcome.listingComplete && !chainsRuns(outcome.intervalSeconds)) return null;
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      const pushed = pushable && (await this.pushes.pushedDuring(runner, source, outcome.runId));
      const seconds =
        !outcome.listingComplete || pushed
          ? 0
          : chainsRuns(outcome.intervalSeconds)
            ? outcome.intervalSeconds
            : undefined;
      if (seconds === undefined) return null;
      if (!(await this.jobTable.stepAside(syncRunQueue.name, job.id, job.retryCount, queryRunnerDb(runner)))) {
        return null;
      }
      const sent = await this.jobs.send(
        syncRunQueue,
        { source, trigger: 'follow-up' },
        {
          jobId: randomUUID(),
          orderingKey: source,
          startAfter: new Date(Date.now() + seconds * 1000),
          transaction: runner,
        },
      );
      // Not created: another job holds the key already (it will run the source).
      return sent.created ? sent.id : null;
    });
  }
}
