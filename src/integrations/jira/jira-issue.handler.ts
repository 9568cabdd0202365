import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { JiraIssueResult, JiraIssueWriter } from './jira-issue-writer';
import { jiraIssueQueue, JiraIssuePayload } from './jira-issue.queue';

/** `jira.issue`: the jobs jira.create and jira.update rules make. */
@Injectable()
export class JiraIssueHandler {
  constructor(private readonly writer: JiraIssueWriter) {}

  @JobHandler(jiraIssueQueue)
  write(job: QueueJob<JiraIssuePayload>): Promise<JiraIssueResult> {
    return this.writer.write(job.data, job.signal);
  }
}
