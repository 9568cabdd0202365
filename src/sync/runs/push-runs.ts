import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { JobQueue } from '../../platform/queue/job-queue';
import { JobTable } from '../../platform/queue/job-table';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { SyncPushRequests } from './sync-push-requests';
import { syncRunQueue } from './sync-run.queue';

/**
 * "Sync now" for sources an API's push names (a Google Calendar notification, a Gmail Pub/Sub
 * message), in the routing transaction: the push is recorded (a run going on now queues one more
 * after it), then a run is queued under the source's key on the exclusive `sync.run` queue, so a
 * burst of pushes is one run; a run already queued (the next scheduled one, a retry) is made due now.
 */
@Injectable()
export class PushRuns {
  constructor(
    private readonly jobs: JobQueue,
    private readonly jobTable: JobTable,
    private readonly pushes: SyncPushRequests,
  ) {}

  /** The ids of the run jobs made (none for a source whose run was already queued). */
  async queue(runner: QueryRunner, sources: string[]): Promise<string[]> {
    const made: string[] = [];
    for (const source of sources) {
      await this.pushes.request(runner, source);
      const sent = await this.jobs.send(
        syncRunQueue,
        { source, trigger: 'push' },
        { jobId: randomUUID(), orderingKey: source, transaction: runner },
      );
      if (sent.created) made.push(sent.id);
      else await this.jobTable.dueNow(syncRunQueue.name, source, queryRunnerDb(runner));
    }
    return made;
  }
}
