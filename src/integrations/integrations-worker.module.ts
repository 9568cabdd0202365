import { Module } from '@nestjs/common';
import { IntegrationsModule } from './integrations.module';
import { DoneSweep } from './jira/done-sweep';
import { DoneSweepHandler } from './jira/done-sweep.handler';
import { JiraIssueHandler } from './jira/jira-issue.handler';
import { JiraIssueWriter } from './jira/jira-issue-writer';
import { CompleteTaskHandler } from './peopleforce/complete-task.handler';
import { LinkedTaskCompleter } from './peopleforce/linked-task-completer';

/** Worker role: jira.issue, peopleforce.complete and the daily done sweep. */
@Module({
  imports: [IntegrationsModule],
  providers: [JiraIssueWriter, JiraIssueHandler, LinkedTaskCompleter, CompleteTaskHandler, DoneSweep, DoneSweepHandler],
})
export class IntegrationsWorkerModule {}
