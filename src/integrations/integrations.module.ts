import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { IntegrationClients } from './integration-clients';
import { doneSweepQueue } from './jira/done-sweep.queue';
import { jiraIssueQueue } from './jira/jira-issue.queue';
import { JiraLinks } from './jira/jira-links';
import { completeTaskQueue } from './peopleforce/complete-task.queue';

/** Every role: the Jira and PeopleForce queues (rules enqueue to them while routing) and the links table. */
@Module({
  imports: [QueueModule.forFeature([jiraIssueQueue, completeTaskQueue, doneSweepQueue])],
  providers: [IntegrationClients, JiraLinks],
  exports: [IntegrationClients, JiraLinks],
})
export class IntegrationsModule {}
