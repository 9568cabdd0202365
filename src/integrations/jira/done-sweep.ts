import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { asJobError } from '../http/job-errors';
import { IntegrationClients } from '../integration-clients';
import { LinkedTaskCompleter } from '../peopleforce/linked-task-completer';
import { JiraLinks } from './jira-links';

export interface SweepResult {
  skipped?: string;
  jql?: string;
  pages: number;
  issuesSeen: number;
  completed: string[];
  forgotten: string[];
}

/**
 * Catches done webhooks that never arrived: pages `search/jql` (JIRA_DONE_SWEEP_JQL, by
 * `nextPageToken`) and completes the linked records of each done issue that still has open links.
 */
@Injectable()
export class DoneSweep {
  constructor(
    private readonly config: AppConfig,
    private readonly clients: IntegrationClients,
    private readonly links: JiraLinks,
    private readonly completer: LinkedTaskCompleter,
  ) {}

  async run(signal: AbortSignal): Promise<SweepResult> {
    const result: SweepResult = { pages: 0, issuesSeen: 0, completed: [], forgotten: [] };
    const { jira, peopleforce } = this.config.integrations;
    if (!jira || !peopleforce) return { ...result, skipped: 'Jira and PeopleForce are not both configured' };
    result.jql = jira.doneSweepJql;
    try {
      for await (const page of this.clients.jira().search(jira.doneSweepJql, ['status'], signal)) {
        result.pages++;
        result.issuesSeen += page.issues.length;
        const done = page.issues.filter((issue) => issue.fields?.status?.statusCategory?.key === 'done');
        const linked = new Set((await this.links.openByIssueIds(done.map((issue) => issue.id))).map((l) => l.issueId));
        for (const issueId of linked) {
          const outcome = await this.completer.completeFor(issueId, signal);
          result.completed.push(...outcome.completed);
          result.forgotten.push(...outcome.forgotten);
        }
      }
    } catch (error) {
      throw asJobError(error, `search Jira for done issues (${jira.doneSweepJql})`);
    }
    return result;
  }
}
