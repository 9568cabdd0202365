import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { PermanentJobError } from '../platform/queue/queue-job';
import { JiraClient } from './jira/jira-client';
import { PeopleforceClient } from './peopleforce/peopleforce-client';

/**
 * Only short Retry-After waits happen inside a job (it holds a record lock meanwhile); longer ones
 * end the attempt and the queue brings the job back when the service said (RetryLaterError).
 */
const JOB_MAX_WAIT_SECONDS = 5;

/** The Jira and PeopleForce clients, from the configuration (one account each). */
@Injectable()
export class IntegrationClients {
  private jiraClient?: JiraClient;
  private peopleforceClient?: PeopleforceClient;

  constructor(private readonly config: AppConfig) {}

  /** Throws a job error saying what to set when Jira is not configured. */
  jira(): JiraClient {
    const settings = this.config.integrations.jira;
    if (!settings) {
      throw new PermanentJobError(
        'Jira is not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN on the worker, then retry this job',
      );
    }
    return (this.jiraClient ??= new JiraClient(settings, { maxWaitSeconds: JOB_MAX_WAIT_SECONDS }));
  }

  /** The PeopleForce client when `source` is the PeopleForce source (PEOPLEFORCE_SOURCE); else undefined. */
  peopleforceFor(source: string): PeopleforceClient | undefined {
    const settings = this.config.integrations.peopleforce;
    if (!settings || settings.source !== source) return undefined;
    return (this.peopleforceClient ??= new PeopleforceClient(settings, { maxWaitSeconds: JOB_MAX_WAIT_SECONDS }));
  }
}
