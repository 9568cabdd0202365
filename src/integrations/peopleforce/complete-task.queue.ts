import { defineQueue } from '../../platform/queue/queue-definition';

export interface CompleteTaskPayload {
  /** A Jira issue event (peopleforce.complete rules): the issue is read from its payload. */
  eventId: string;
  ruleId: string;
}

/** Completes the PeopleForce task linked to a Jira issue that is done. */
export const completeTaskQueue = defineQueue<CompleteTaskPayload>('peopleforce.complete', {
  concurrency: 1,
  batchSize: 4,
});
