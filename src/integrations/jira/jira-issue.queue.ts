import { defineQueue } from '../../platform/queue/queue-definition';

export interface JiraIssuePayload {
  eventId: string;
  ruleId: string;
  /** `create`: jira.create (updates the linked issue when there is one); `update`: jira.update. */
  mode: 'create' | 'update';
  /** The rule's parameters (Liquid templates rendered when the job runs). */
  params: Record<string, string>;
}

/**
 * Creates or updates the Jira issue of one event's record. Few at a time: each holds a database
 * connection (the record's lock) while Jira answers.
 */
export const jiraIssueQueue = defineQueue<JiraIssuePayload>('jira.issue', { concurrency: 1, batchSize: 4 });
