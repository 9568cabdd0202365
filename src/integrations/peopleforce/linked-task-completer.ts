import { Injectable, Logger } from '@nestjs/common';
import { asJobError } from '../http/job-errors';
import { IntegrationClients } from '../integration-clients';
import { JiraLinks } from '../jira/jira-links';

export interface CompletionResult {
  issueId: string;
  /** `completed`: tasks completed now; `not_done`: Jira says the issue is not done (any more). */
  outcome: 'completed' | 'not_done' | 'none' | 'issue_gone';
  completed: string[];
  /** Tasks PeopleForce no longer has (404): their links are forgotten. */
  forgotten: string[];
  status?: string;
}

/**
 * A Jira issue is done: the PeopleForce tasks linked to it (jira_links rows of the PeopleForce
 * source, resource type `task`, not completed yet) are completed. Jira is asked first whether the
 * issue is done now (a webhook may be older than a reopen); each task is completed under its
 * record's lock and marked, so a webhook and the sweep never complete it twice. A PeopleForce 404
 * forgets the link; so does a Jira 404 for the issue.
 */
@Injectable()
export class LinkedTaskCompleter {
  private readonly logger = new Logger('PeopleforceTasks');

  constructor(
    private readonly clients: IntegrationClients,
    private readonly links: JiraLinks,
  ) {}

  async completeFor(issueId: string, signal: AbortSignal): Promise<CompletionResult> {
    const result: CompletionResult = { issueId, outcome: 'none', completed: [], forgotten: [] };
    const tasks = (await this.links.openByIssueIds([issueId])).filter(
      (link) => link.resourceType === 'task' && this.clients.peopleforceFor(link.source) !== undefined,
    );
    if (tasks.length === 0) return result;
    const jira = this.clients.jira();
    const issue = await jira.getIssue(issueId, ['status'], signal).catch((error: unknown) => {
      throw asJobError(error, `read Jira issue ${tasks[0]!.issueKey}`);
    });
    if (!issue) {
      for (const task of tasks) await this.links.locked(task, (link) => link.forget());
      return { ...result, outcome: 'issue_gone', forgotten: tasks.map((task) => task.externalId) };
    }
    const status = issue.fields.status;
    if (status?.statusCategory?.key !== 'done') return { ...result, outcome: 'not_done', status: status?.name };
    for (const task of tasks) {
      const peopleforce = this.clients.peopleforceFor(task.source)!;
      await this.links.locked(task, async (link) => {
        const current = await link.find();
        if (!current || current.completedAt || current.issueId !== issueId) return;
        const found = await peopleforce.completeTask(task.externalId, signal).catch((error: unknown) => {
          throw asJobError(error, `complete PeopleForce task ${task.externalId} (Jira ${issue.key} is done)`);
        });
        if (found) {
          await link.markCompleted();
          result.completed.push(task.externalId);
        } else {
          await link.forget();
          result.forgotten.push(task.externalId);
          this.logger.warn(
            { issueKey: issue.key, taskId: task.externalId },
            'PeopleForce no longer has the task: link forgotten',
          );
        }
      });
    }
    return { ...result, outcome: 'completed', status: status.name };
  }
}
