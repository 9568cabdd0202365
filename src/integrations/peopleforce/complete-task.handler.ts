import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { at } from '../../routing/formatters/markdown';
import { loadFormattableEvent } from '../../routing/rule-store/formattable-event';
import { completeTaskQueue, CompleteTaskPayload } from './complete-task.queue';
import { CompletionResult, LinkedTaskCompleter } from './linked-task-completer';

/** `peopleforce.complete`: the jobs peopleforce.complete rules make for Jira issue events. */
@Injectable()
export class CompleteTaskHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly completer: LinkedTaskCompleter,
  ) {}

  @JobHandler(completeTaskQueue)
  async complete(job: QueueJob<CompleteTaskPayload>): Promise<CompletionResult> {
    const event = await loadFormattableEvent(this.dataSource, job.data.eventId).catch(() => {
      throw new PermanentJobError(`Webhook event ${job.data.eventId} does not exist (pruned?)`);
    });
    const issueId = at(event.payload, 'issue.id');
    if (typeof issueId !== 'string' && typeof issueId !== 'number') {
      throw new PermanentJobError(
        `Event ${event.id} (${event.type}) has no issue.id: peopleforce.complete takes Jira issue events (jira.issue.*)`,
      );
    }
    return this.completer.completeFor(String(issueId), job.signal);
  }
}
